// Shared decoder helpers (see decode_util.hpp) and DecodeContext's reporting.
#include "plan/decode_util.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace iamc::plan {

bool DecodeContext::fail(const json::Value& at, const std::string& at_path, std::string message) const {
  if (!error) throw std::logic_error("a request body iamc wrote does not decode: " + at_path + ": " + message);
  error(at, at_path, std::move(message));
  return false;
}

namespace detail {

const json::Value* member(const json::Value& object, std::string_view key, json::Kind kind, bool required,
                          const DecodeContext& ctx, const JsonPath& path, bool& ok) {
  const json::Value* v = object.find(key);
  if (v == nullptr || v->is(json::Kind::Null)) {
    if (required) {
      ok = ctx.fail(object, path.str(), fmt::format("the member \"{}\" is missing: every item needs it", key));
    }
    return nullptr;
  }
  if (!v->is(kind)) {
    ok = ctx.fail(*v, JsonPath(path, key).str(),
                  fmt::format("expected {}, found {}", json::kind_phrase(kind), json::kind_phrase(v->kind)));
    return nullptr;
  }
  return v;
}

bool string_member(const json::Value& object, std::string_view key, bool required, const DecodeContext& ctx,
                   const JsonPath& path, std::string& out) {
  bool ok = true;
  out.clear();
  if (const json::Value* v = member(object, key, json::Kind::String, required, ctx, path, ok)) v->string_to(out);
  return ok;
}

bool string_list_member(const json::Value& object, std::string_view key, bool required,
                        const DecodeContext& ctx, const JsonPath& path, std::vector<std::string>& out,
                        bool* present) {
  bool ok = true;
  out.clear();
  const json::Value* v = member(object, key, json::Kind::Array, required, ctx, path, ok);
  if (present != nullptr) *present = v != nullptr;
  if (v == nullptr) return ok;
  json::for_each_element(ctx.document, ctx.base, *v, [&](const json::Value& e, std::size_t i) {
    if (!e.is(json::Kind::String)) {
      ok = ctx.fail(e, JsonPath(JsonPath(path, key), i).str(),
                    fmt::format("expected a string, found {}", json::kind_phrase(e.kind)));
      return false;
    }
    e.string_to(out.emplace_back());
    return true;
  });
  return ok;
}

bool require_object(const json::Value& item, const DecodeContext& ctx) {
  if (item.is(json::Kind::Object)) return true;
  return ctx.fail(item, ctx.path, fmt::format("expected an object (one binding), found {}", json::kind_phrase(item.kind)));
}

std::string path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved && !(c == '.' && (text == "." || text == ".."))) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool live_id(const json::Value& item, std::string_view key, const DecodeContext& ctx, Binding& out) {
  if (!ctx.error) return true;  // a request body: no id yet
  if (!string_member(item, key, true, ctx, ctx.path, out.id)) return false;
  if (out.id.empty()) {
    return ctx.fail(*item.find(key), JsonPath(ctx.path, key).str(), "the id is empty: a live binding needs one to be deleted");
  }
  return true;
}

}  // namespace detail
}  // namespace iamc::plan
