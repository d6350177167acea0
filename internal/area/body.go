package area

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
)

func readAll(c echo.Context) ([]byte, error) {
	b, err := io.ReadAll(c.Request().Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, apperr.Errorf(apperr.TooLarge, "body is larger than %d bytes", tooBig.Limit)
	}
	if err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "read body: %v", err)
	}
	return b, nil
}
