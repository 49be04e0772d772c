#include "api/peer_tokens.h"

#include <array>
#include <charconv>
#include <chrono>
#include <vector>

#include <openssl/crypto.h>

#include <fmt/format.h>

#include "core/sha256.h"

namespace tally::api {
namespace {

constexpr std::string_view kPrefix = "tallypeer1.";
constexpr std::string_view kPeerTokenId = "peer:";
constexpr std::int64_t kLifetimeSeconds = 30;
// Peer names and user names are short; a longer token is not one of ours.
constexpr std::size_t kMaxTokenBytes = 1024;

std::string hex_of(std::string_view text) {
  return to_hex(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

std::optional<std::string> text_of_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + i + 2) return std::nullopt;
    out.push_back(static_cast<char>(value));
  }
  return out;
}

std::vector<std::string_view> split_dots(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t dot = text.find('.');
    parts.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) return parts;
    text = text.substr(dot + 1);
  }
}

}  // namespace

bool is_peer(const Caller& caller) { return caller.token_id.starts_with(kPeerTokenId); }

PeerTokens::PeerTokens(std::string_view shared_key, std::string node)
    : node_(std::move(node)) {
  // Its own key, so a peer token's MAC is never an account hash.
  const Sha256Digest derived = hmac_sha256(shared_key, "tally peer tokens 1");
  key_.assign(reinterpret_cast<const char*>(derived.data()), derived.size());
}

std::string PeerTokens::make(std::string_view user, std::int64_t now_unix) const {
  const std::string body =
      fmt::format("{}{}.{}.{}", kPrefix, hex_of(node_), hex_of(user), now_unix + kLifetimeSeconds);
  return fmt::format("{}.{}", body, to_hex(hmac_sha256(key_, body)));
}

std::optional<Identity> PeerTokens::check(std::string_view token, std::int64_t now_unix) const {
  if (!token.starts_with(kPrefix) || token.size() > kMaxTokenBytes) return std::nullopt;
  const std::size_t last_dot = token.rfind('.');
  const std::string_view body = token.substr(0, last_dot), mac = token.substr(last_dot + 1);
  const std::string want = to_hex(hmac_sha256(key_, body));
  if (mac.size() != want.size() || CRYPTO_memcmp(mac.data(), want.data(), want.size()) != 0) return std::nullopt;
  const std::vector<std::string_view> parts = split_dots(body.substr(kPrefix.size()));
  if (parts.size() != 3) return std::nullopt;
  std::int64_t expiry = 0;
  const auto [end, ec] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), expiry);
  if (ec != std::errc() || end != parts[2].data() + parts[2].size() || now_unix > expiry) return std::nullopt;
  const auto node = text_of_hex(parts[0]), user = text_of_hex(parts[1]);
  if (!node || !user || user->empty()) return std::nullopt;
  return Identity{.user = *user,
                  .token_id = fmt::format("{}{}:{}", kPeerTokenId, *node, *user),
                  .roles = role_bits(std::array{Role::read_only})};
}

std::optional<Identity> PeerAwareAuthenticator::authenticate(std::string_view token) const {
  if (token.starts_with(kPrefix)) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    return peers_.check(token, now);
  }
  return users_.authenticate(token);
}

}  // namespace tally::api
