// Package authtest gives tests one user and one API token per role.
package authtest

import (
	"context"
	"testing"

	"github.com/placesafe/placesafe/internal/auth"
)

// Password is the password of every test user.
const Password = "correct horse battery"

// RoleTokens creates a user ROLE@example.org with an API token for every role and returns
// the tokens by role.
func RoleTokens(tb testing.TB, store *auth.Store) map[string]string {
	tb.Helper()
	ctx := context.Background()
	tokens := make(map[string]string, len(auth.Roles))
	for _, role := range auth.Roles {
		u, err := store.CreateUser(ctx, role+"@example.org", role, Password)
		if err != nil {
			tb.Fatalf("create %s user: %v", role, err)
		}
		if _, tokens[role], err = store.CreateToken(ctx, u.ID, "test"); err != nil {
			tb.Fatalf("create %s token: %v", role, err)
		}
	}
	return tokens
}
