// Gets a Sigma embed URL from `snowtenant serve` with net/http (standard library only).
// Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=...] [DASHBOARD=sales_distribution] go run .
// Prints the embed URL on stdout; exits non-zero on any error.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func call(client *http.Client, req *http.Request, out interface{}) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

func run() error {
	base := strings.TrimRight(os.Getenv("BASE"), "/")
	apiKey := os.Getenv("API_KEY")
	if base == "" || apiKey == "" {
		return fmt.Errorf("set BASE and API_KEY")
	}
	client := &http.Client{Timeout: 10 * time.Second}

	// 1. Tenant API key -> short-lived access token for one user, bound to this client's IP.
	payload, _ := json.Marshal(map[string]string{"user": env("EMBED_USER", "jane.doe@example.com")})
	req, _ := http.NewRequest(http.MethodPost, base+"/v1/tokens", bytes.NewReader(payload))
	req.Header.Set("Authorization", "Bearer "+apiKey)
	req.Header.Set("Content-Type", "application/json")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := call(client, req, &tok); err != nil {
		return err
	}

	// 2. Access token -> signed Sigma embed URL.
	q := url.Values{"dashboard": {env("DASHBOARD", "sales_distribution")}}
	req, _ = http.NewRequest(http.MethodGet, base+"/embed-dashboard?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	var embed struct {
		URL       string `json:"url"`
		ExpiresAt int64  `json:"expires_at"`
	}
	if err := call(client, req, &embed); err != nil {
		return err
	}
	fmt.Println(embed.URL)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
