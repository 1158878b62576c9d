# Gets a Sigma embed URL from `snowtenant serve` with HTTPoison.
# Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=...] [DASHBOARD=sales_distribution] elixir embed_client.exs
# Dependencies come from Hex through Mix.install (HTTPoison for HTTP, Jason for JSON).
# Prints the embed URL on stdout; exits non-zero on any error.
Mix.install([{:httpoison, "~> 2.2"}, {:jason, "~> 1.4"}])

defmodule EmbedClient do
  def run do
    base = System.fetch_env!("BASE") |> String.trim_trailing("/")
    api_key = System.fetch_env!("API_KEY")
    user = System.get_env("EMBED_USER", "jane.doe@example.com")
    dashboard = System.get_env("DASHBOARD", "sales_distribution")
    opts = [recv_timeout: 10_000, timeout: 10_000]

    # 1. Tenant API key -> short-lived access token for one user, bound to this client's IP.
    headers = [{"Authorization", "Bearer " <> api_key}, {"Content-Type", "application/json"}]
    %{"access_token" => token} =
      HTTPoison.post!(base <> "/v1/tokens", Jason.encode!(%{user: user}), headers, opts) |> ok_json!()

    # 2. Access token -> signed Sigma embed URL.
    query = URI.encode_query(%{dashboard: dashboard})
    %{"url" => url} =
      HTTPoison.get!(base <> "/embed-dashboard?" <> query, [{"Authorization", "Bearer " <> token}], opts)
      |> ok_json!()

    IO.puts(url)
  end

  defp ok_json!(%HTTPoison.Response{status_code: 200, body: body}), do: Jason.decode!(body)

  defp ok_json!(%HTTPoison.Response{status_code: code, body: body}) do
    IO.puts(:stderr, "request failed: #{code} #{body}")
    System.halt(1)
  end
end

EmbedClient.run()
