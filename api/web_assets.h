// The web pages and their static files (api/web/pages/*.html, api/web/static/*), built into the
// binary by embed_web_assets.cmake: `tally serve` needs no files beside it, works with no
// internet, and a page cannot change under a running server.
//
// Lifetime: static; the bytes live as long as the program. Threads: any (read-only).
#pragma once

#include <span>
#include <string_view>

namespace tally::api {

struct WebAsset {
  std::string_view path;  // under api/web/: "pages/index.html", "static/app.css"
  std::string_view bytes;
  std::string_view etag;  // a quoted prefix of the file's SHA-256, for If-None-Match
};

std::span<const WebAsset> web_assets();
const WebAsset* find_web_asset(std::string_view path);

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view web_content_type(std::string_view path);

}  // namespace tally::api
