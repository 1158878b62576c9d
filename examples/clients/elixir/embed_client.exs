# Gets a Sigma embed URL from `snowtenant serve` with OTP's built-in :httpc (no Hex packages, so it
# runs where Hex is unreachable). The two answers are flat JSON objects of strings and numbers, read
# with a pattern below rather than a JSON library.
# Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=...] [DASHBOARD=sales_distribution] elixir embed_client.exs
# Prints the embed URL on stdout; on any error prints one line to stderr and exits non-zero.

defmodule EmbedClient do
  @timeout 10_000

  def run do
    base = env!("BASE") |> String.trim_trailing("/")
    api_key = env!("API_KEY")
    user = System.get_env("EMBED_USER", "jane.doe@example.com")
    dashboard = System.get_env("DASHBOARD", "sales_distribution")
    {:ok, _} = Application.ensure_all_started(:inets)
    if String.starts_with?(base, "https:"), do: {:ok, _} = Application.ensure_all_started(:ssl)

    # 1. Tenant API key -> short-lived access token for one user, bound to this client's IP.
    body = ~s({"user": "#{json_escape(user)}"})
    token =
      request(:post, base <> "/v1/tokens", api_key, body)
      |> field!("access_token")

    # 2. Access token -> signed Sigma embed URL.
    query = URI.encode_query(%{dashboard: dashboard})
    url = request(:get, base <> "/embed-dashboard?" <> query, token, nil) |> field!("url")
    IO.puts(url)
  end

  defp env!(name) do
    case System.get_env(name) do
      v when v in [nil, ""] -> fail("set #{name} (see the usage line at the top of embed_client.exs)", 2)
      v -> v
    end
  end

  defp request(method, url, bearer, body) do
    headers = [{~c"authorization", String.to_charlist("Bearer " <> bearer)}]
    req =
      case body do
        nil -> {String.to_charlist(url), headers}
        b -> {String.to_charlist(url), headers, ~c"application/json", b}
      end

    case :httpc.request(method, req, [timeout: @timeout, connect_timeout: @timeout], body_format: :binary) do
      {:ok, {{_, 200, _}, _headers, resp}} -> resp
      {:ok, {{_, code, _}, _headers, resp}} -> fail("#{method} #{url}: HTTP #{code} #{resp}", 1)
      {:error, reason} -> fail("#{method} #{url}: #{inspect(reason)}", 1)
    end
  end

  # A string member of a flat JSON object; the service never escapes characters inside these values.
  defp field!(json, name) do
    case Regex.run(~r/"#{name}"\s*:\s*"([^"\\]*)"/, json) do
      [_, value] -> value
      _ -> fail("no #{name} in the answer: #{json}", 1)
    end
  end

  defp json_escape(s), do: s |> String.replace("\\", "\\\\") |> String.replace("\"", "\\\"")

  defp fail(message, code) do
    IO.puts(:stderr, message)
    System.halt(code)
  end
end

EmbedClient.run()
