package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/placesafe/placesafe/internal/apperr"
)

// describe turns an application error into a message for the terminal, listing its details
// (such as every bad row of a refused file).
func describe(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Details) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(ae.Message)
	for _, d := range ae.Details {
		fmt.Fprintf(&b, "\n  %v", d)
	}
	return errors.New(b.String())
}
