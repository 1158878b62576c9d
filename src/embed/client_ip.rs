//! Which address a request comes from. The TCP peer is the only address nobody can forge; forwarding
//! headers (`X-Forwarded-For`, RFC 7239 `Forwarded`) are believed only when the peer is a configured trusted
//! proxy, and then only as far as the chain of trusted proxies reaches: we walk from the right (the hop our
//! own proxy appended) to the first address that is not a trusted proxy. The leftmost entries are whatever
//! the client typed. Anything we cannot parse fails closed instead of falling back to a guess.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Most hops we walk; a longer chain is treated as an attack on our CPU, not a real topology.
const MAX_HOPS: usize = 32;
/// Combined size of all forwarding header lines we are willing to parse (RFC 7239 §8: cap it).
const MAX_FORWARDING_BYTES: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClientIpError {
    /// A forwarding header from a trusted proxy is unparsable, too long, or both kinds are present.
    #[error("malformed forwarding header")]
    Malformed,
    /// The first untrusted hop is `unknown` or an obfuscated identifier: there is no address to check.
    #[error("client address hidden by a proxy")]
    Hidden,
}

/// CIDRs of proxies whose forwarding headers we believe.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        TrustedProxies(nets)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports) compares as the IPv4 address, so
/// CIDR lists and token bindings need only one spelling.
pub fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

/// The client address of a request whose TCP peer is `peer`.
pub fn client_ip(
    peer: IpAddr,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Result<IpAddr, ClientIpError> {
    let peer = canonical(peer);
    if !trusted.contains(peer) {
        // An untrusted peer's forwarding headers are its own claims about itself: ignore them entirely.
        return Ok(peer);
    }
    let has_fwd = headers.contains_key("forwarded");
    let has_xff = headers.contains_key("x-forwarded-for");
    let hops = match (has_fwd, has_xff) {
        (false, false) => return Ok(peer),
        // A proxy that appends one kind passes the other through untouched, so a client could forge it;
        // we cannot know which one our proxy wrote, so refuse rather than pick.
        (true, true) => return Err(ClientIpError::Malformed),
        (true, false) => collect(headers, "forwarded", parse_forwarded)?,
        (false, true) => collect(headers, "x-forwarded-for", parse_xff)?,
    };
    walk(peer, &hops, trusted)
}

/// One hop of a forwarding chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hop {
    Ip(IpAddr),
    /// `unknown` or `_obfuscated` (RFC 7239 §6).
    Hidden,
}

fn walk(peer: IpAddr, hops: &[Hop], trusted: &TrustedProxies) -> Result<IpAddr, ClientIpError> {
    let mut leftmost = peer;
    for hop in hops.iter().rev() {
        match *hop {
            Hop::Hidden => return Err(ClientIpError::Hidden),
            Hop::Ip(ip) if trusted.contains(ip) => leftmost = ip,
            Hop::Ip(ip) => return Ok(ip),
        }
    }
    // Every hop is one of our proxies: the request originates inside the trusted network.
    Ok(leftmost)
}

/// Joins all lines of a header (several lines are one comma-separated list, RFC 9110 §5.3) and parses it.
fn collect(
    headers: &HeaderMap,
    name: &str,
    parse: fn(&str, &mut Vec<Hop>) -> Result<(), ClientIpError>,
) -> Result<Vec<Hop>, ClientIpError> {
    let mut hops = Vec::new();
    let mut total = 0;
    for value in headers.get_all(name) {
        total += value.len();
        if total > MAX_FORWARDING_BYTES {
            return Err(ClientIpError::Malformed);
        }
        let text = value.to_str().map_err(|_| ClientIpError::Malformed)?;
        parse(text, &mut hops)?;
        if hops.len() > MAX_HOPS {
            return Err(ClientIpError::Malformed);
        }
    }
    Ok(hops)
}

fn parse_xff(text: &str, hops: &mut Vec<Hop>) -> Result<(), ClientIpError> {
    for part in text.split(',') {
        let ip = parse_node_addr(part.trim()).ok_or(ClientIpError::Malformed)?;
        hops.push(Hop::Ip(ip));
    }
    Ok(())
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:80`.
fn parse_node_addr(s: &str) -> Option<IpAddr> {
    if let Some(rest) = s.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        return inner
            .parse::<Ipv6Addr>()
            .ok()
            .map(|v6| canonical(IpAddr::V6(v6)));
    }
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    // IPv4 with a port; bare IPv6 with a port is ambiguous and refused.
    let (host, port) = s.rsplit_once(':')?;
    if !is_port(port) {
        return None;
    }
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

fn is_port(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 5
        && p.bytes().all(|b| b.is_ascii_digit())
        && p.parse::<u16>().is_ok()
}

/// RFC 7239: `Forwarded: for=192.0.2.43;proto=https, for="[2001:db8:cafe::17]:4711"`. Each element must carry
/// exactly one `for`; parameter names at most once per element.
fn parse_forwarded(text: &str, hops: &mut Vec<Hop>) -> Result<(), ClientIpError> {
    for element in split_unquoted(text, ',')? {
        let mut node = None;
        let mut seen: [bool; 4] = [false; 4];
        for pair in split_unquoted(element, ';')? {
            let pair = pair.trim();
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').ok_or(ClientIpError::Malformed)?;
            let idx = match name.trim().to_ascii_lowercase().as_str() {
                "for" => 0,
                "by" => 1,
                "host" => 2,
                "proto" => 3,
                _ => continue, // extension parameters are allowed and irrelevant to us
            };
            if std::mem::replace(&mut seen[idx], true) {
                return Err(ClientIpError::Malformed);
            }
            let value = unquote(value.trim())?;
            if idx == 0 {
                node = Some(parse_forwarded_node(&value)?);
            }
        }
        hops.push(node.ok_or(ClientIpError::Malformed)?);
    }
    Ok(())
}

fn parse_forwarded_node(v: &str) -> Result<Hop, ClientIpError> {
    if v.eq_ignore_ascii_case("unknown") {
        return Ok(Hop::Hidden);
    }
    if let Some(obf) = v.strip_prefix('_') {
        if !obf.is_empty()
            && obf
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        {
            return Ok(Hop::Hidden);
        }
        return Err(ClientIpError::Malformed);
    }
    // RFC 7239 §6: IPv6 must be bracketed here.
    if !v.starts_with('[') && v.contains(':') && v.matches(':').count() > 1 {
        return Err(ClientIpError::Malformed);
    }
    parse_node_addr(v)
        .map(Hop::Ip)
        .ok_or(ClientIpError::Malformed)
}

/// Splits on `sep` outside double quotes; an unterminated quote is malformed.
fn split_unquoted(s: &str, sep: char) -> Result<Vec<&str>, ClientIpError> {
    let mut parts = Vec::new();
    let (mut start, mut in_quote, mut escaped) = (0, false, false);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if in_quote && c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_quote = !in_quote;
        } else if c == sep && !in_quote {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    if in_quote {
        return Err(ClientIpError::Malformed);
    }
    parts.push(&s[start..]);
    Ok(parts)
}

fn unquote(v: &str) -> Result<String, ClientIpError> {
    if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"').ok_or(ClientIpError::Malformed)?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().ok_or(ClientIpError::Malformed)?),
                '"' => return Err(ClientIpError::Malformed),
                c => out.push(c),
            }
        }
        return Ok(out);
    }
    if v.is_empty() || v.contains(['"', ' ', '\t']) {
        return Err(ClientIpError::Malformed);
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn trusted(cidrs: &[&str]) -> TrustedProxies {
        TrustedProxies::new(cidrs.iter().map(|c| c.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peer_headers_are_ignored() {
        let h = headers(&[
            ("x-forwarded-for", "10.9.9.9"),
            ("forwarded", "for=10.9.9.9"),
        ]);
        assert_eq!(
            client_ip(ip("203.0.113.7"), &h, &trusted(&["10.0.0.0/8"])),
            Ok(ip("203.0.113.7"))
        );
    }

    #[test]
    fn xff_walks_right_to_first_untrusted() {
        let t = trusted(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.4, 10.0.0.2")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &t), Ok(ip("198.51.100.4")));
    }

    #[test]
    fn several_xff_lines_are_one_list() {
        let t = trusted(&["10.0.0.0/8"]);
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.4"),
            ("x-forwarded-for", "10.0.0.5"),
        ]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &t), Ok(ip("198.51.100.4")));
    }

    #[test]
    fn all_trusted_gives_leftmost() {
        let t = trusted(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "10.1.1.1, 10.0.0.2")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &t), Ok(ip("10.1.1.1")));
    }

    #[test]
    fn malformed_xff_fails_closed() {
        let t = trusted(&["127.0.0.1/32"]);
        for bad in [
            "",
            "1.2.3.4,,5.6.7.8",
            "not-an-ip",
            "1.2.3.4:99999",
            "2001:db8::1:80x",
            "1.2.3.4 5.6.7.8",
        ] {
            let h = headers(&[("x-forwarded-for", bad)]);
            assert_eq!(
                client_ip(ip("127.0.0.1"), &h, &t),
                Err(ClientIpError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn too_many_hops_fails_closed() {
        let t = trusted(&["127.0.0.1/32"]);
        let chain = vec!["127.0.0.1"; MAX_HOPS + 1].join(",");
        let h = headers(&[("x-forwarded-for", &chain)]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &h, &t),
            Err(ClientIpError::Malformed)
        );
    }

    #[test]
    fn ports_and_ipv6_and_mapped() {
        let t = trusted(&["::1/128", "127.0.0.1/32"]);
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:443")]);
        assert_eq!(client_ip(ip("::1"), &h, &t), Ok(ip("2001:db8::7")));
        let h = headers(&[("x-forwarded-for", "198.51.100.9:5000")]);
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &h, &t),
            Ok(ip("198.51.100.9"))
        );
        let h = headers(&[("x-forwarded-for", "::ffff:198.51.100.9")]);
        assert_eq!(client_ip(ip("127.0.0.1"), &h, &t), Ok(ip("198.51.100.9")));
        assert_eq!(
            client_ip(ip("::ffff:203.0.113.1"), &HeaderMap::new(), &t),
            Ok(ip("203.0.113.1"))
        );
    }

    #[test]
    fn forwarded_rfc7239() {
        let t = trusted(&["10.0.0.0/8"]);
        let h = headers(&[(
            "forwarded",
            r#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https;by=10.0.0.3, For=10.0.0.2"#,
        )]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &h, &t),
            Ok(ip("2001:db8:cafe::17"))
        );
    }

    #[test]
    fn forwarded_hidden_and_malformed() {
        let t = trusted(&["10.0.0.0/8"]);
        let hidden = headers(&[("forwarded", "for=198.51.100.1, for=_hidden, for=10.0.0.2")]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &hidden, &t),
            Err(ClientIpError::Hidden)
        );
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &unknown, &t),
            Err(ClientIpError::Hidden)
        );
        for bad in [
            "for=2001:db8::1",
            "for=\"1.2.3.4",
            "proto=https",
            "for=1.2.3.4;for=5.6.7.8",
            "for",
            "for=\"[::1]\"x",
        ] {
            let h = headers(&[("forwarded", bad)]);
            assert_eq!(
                client_ip(ip("10.0.0.1"), &h, &t),
                Err(ClientIpError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn both_kinds_from_trusted_peer_fail_closed() {
        let t = trusted(&["10.0.0.0/8"]);
        let h = headers(&[
            ("forwarded", "for=198.51.100.1"),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        assert_eq!(
            client_ip(ip("10.0.0.1"), &h, &t),
            Err(ClientIpError::Malformed)
        );
    }
}
