// Reading state folders (see state_reader.hpp).
#include "plan/state_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "base/flat_index.hpp"
#include "base/mapped_file.hpp"
#include "base/text.hpp"
#include "plan/decode_util.hpp"

namespace iamc::plan {
namespace {

namespace fs = std::filesystem;

struct StateFileName {
  std::string kind;
  std::string instance;
  bool roles = false;  // frontier.<instance>.roles.json
};

// "<kind>.<instance>.json" or "frontier.<instance>.roles.json"; nullopt for other names.
std::optional<StateFileName> parse_file_name(const std::string& name) {
  constexpr std::string_view kJson = ".json";
  constexpr std::string_view kRoles = ".roles.json";
  if (name.size() <= kJson.size() || name.compare(name.size() - kJson.size(), kJson.size(), kJson) != 0) {
    return std::nullopt;
  }
  StateFileName out;
  std::string stem = name.substr(0, name.size() - kJson.size());
  if (name.size() > kRoles.size() && name.compare(name.size() - kRoles.size(), kRoles.size(), kRoles) == 0 &&
      name.rfind("frontier.", 0) == 0) {
    out.roles = true;
    stem = name.substr(0, name.size() - kRoles.size());
  }
  std::size_t dot = stem.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= stem.size()) return StateFileName{stem, "", false};
  out.kind = stem.substr(0, dot);
  out.instance = stem.substr(dot + 1);
  return out;
}

// Fewer bytes than a list item of any target takes, even without indentation: an id, a role, a
// principal and a scope, with their member names.
constexpr std::size_t kItemBytesGuess = 160;

// The live bindings' indices by id (no copies of the ids).
struct IdOf {
  const std::vector<Binding>* live;
  std::string_view operator()(std::uint32_t i) const { return (*live)[i].id; }
};
using IdIndex = FlatIndex<IdOf>;

class Reader {
 public:
  // With `attributes`, what only import writes back is read too (DecodeContext::attributes).
  Reader(SourceManager& sources, DiagnosticSink& sink, bool attributes)
      : sources_(sources), sink_(&sink), attributes_(attributes) {}

  // The file's text joined to the sources, or kNoFile after reporting.
  FileId load(const fs::path& path) {
    std::error_code ec;
    const std::string shown = path.generic_string();
    auto size = fs::file_size(path, ec);
    if (ec) {
      sink_->report(DiagCode::StateUnreadable, Span{}, fmt::format("{}: cannot read the state file: {}", shown, ec.message()));
      return kNoFile;
    }
    if (size > kMaxStateFileBytes) {
      sink_->report(DiagCode::StateUnreadable, Span{},
                   fmt::format("{}: the state file has {} bytes, more than the limit of {}", shown, size,
                               kMaxStateFileBytes));
      return kNoFile;
    }
    // Mapped where it can be (base/mapped_file.hpp: no copy, no fresh page per 4 KiB), else read.
    if (std::unique_ptr<MappedFile> mapped = MappedFile::map(path.string());
        mapped != nullptr && mapped->text().size() <= kMaxStateFileBytes) {
      return sources_.add(shown, std::move(mapped));
    }
    std::ifstream in(path, std::ios::binary);
    std::string text;
    text.resize(static_cast<std::size_t>(size));
    if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
      sink_->report(DiagCode::StateUnreadable, Span{}, fmt::format("{}: cannot read the state file", shown));
      return kNoFile;
    }
    return sources_.add(shown, std::move(text));
  }

  // Whether an element of a root array is a page of the list response (an object holding a list
  // name) rather than a bare item.
  static bool is_page(const json::Value& element, const std::vector<std::string_view>& keys) {
    return element.is(json::Kind::Object) &&
           std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return element.find(k) != nullptr; });
  }

  // The list in a response object (the root, or a page): the first list name present, which must
  // hold an array; nullptr after reporting the shape otherwise.
  const json::Value* list_of(FileId file, const json::Value& page, const std::string& path,
                             const std::vector<std::string_view>& keys) {
    for (std::string_view k : keys) {
      const json::Value* v = page.find(k);
      if (v == nullptr) continue;
      if (!v->is(json::Kind::Array)) {
        shape(file, *v, detail::child_path(path, k), fmt::format("expected an array of bindings, found {}", json::kind_phrase(v->kind)));
        return nullptr;
      }
      return v;
    }
    std::string names;
    for (std::string_view k : keys) names += fmt::format("{}\"{}\"", names.empty() ? "" : " or ", k);
    shape(file, page, path, fmt::format("expected an object with the bindings under {} (the list endpoint's response)", names));
    return nullptr;
  }

  // Parses a file and calls fn(item, path) for each list item, across pages; reserve(n) first,
  // and again to start over (n: the number of items when one list holds them all, else 0).
  //
  // One pass over the bytes: the lists are walked while the file is parsed (json::parse_streaming),
  // their items' findings held back until the whole file is known to be JSON, so a file that is
  // not gives the one syntax error a validating pass first gave. Where the list streamed is not
  // the one the response's shape names (two list names in one object, say), the items are walked
  // again from the parsed file, as before.
  template <typename Fn, typename Reserve>
  bool for_each_item(FileId file, const std::vector<std::string_view>& keys, bool bare_array, Fn&& fn,
                     Reserve&& reserve) {
    const std::string_view text = sources_.file(file).text();
    DiagnosticSink found;
    DiagnosticSink* const outer = sink_;
    sink_ = &found;
    problems_ = 0;
    // The items are counted only as they are streamed: room for as many as the file could hold
    // at kItemBytesGuess bytes each, so that 100,000 bindings are not moved at every doubling.
    // Room never written is never touched, so an overestimate costs address space, not memory.
    reserve(text.size() / kItemBytesGuess);
    bool exact = true;  // every list streamed is the one list_of names
    json::ListStream stream;
    stream.keys = keys;
    // The list list_of names in `response` is the one streamed (or neither exists).
    auto streamed_expected = [&](const json::Value& response, const std::string& path) {
      const json::Value* list = list_of(file, response, path, keys);
      return list == nullptr ? stream.streamed_key.empty()
                             : !stream.streamed_key.empty() && list->begin == stream.streamed_begin;
    };
    std::string list_path;
    std::string item_path;
    stream.item = [&](const json::Value& item, std::string_view key, std::size_t page, std::size_t i) {
      list_path = page == json::ListStream::kNoPage ? std::string("$") : detail::index_path("$", page);
      list_path += '.';
      list_path += key;
      detail::index_path(list_path, i, item_path);
      fn(item, item_path);
      return problems_ < kMaxProblemsPerFile;
    };
    stream.element = [&](const json::Value& element, std::size_t i) {
      const std::string path = detail::index_path("$", i);
      const bool page = is_page(element, keys);
      if (page) {
        exact = exact && streamed_expected(element, path);
      } else if (bare_array) {
        fn(element, path);
      } else {
        shape(file, element, path, "expected a page of the list response (an object), as the API returns it");
      }
      return exact && problems_ < kMaxProblemsPerFile;
    };
    json::ParseError error;
    std::optional<json::Document> doc = json::parse_streaming(text, error, stream);
    if (!doc) {
      sink_ = outer;
      sink_->report(DiagCode::StateJsonSyntax, Span{file, error.offset, error.offset + (error.offset < text.size() ? 1u : 0u)},
                    fmt::format("the state file is not valid JSON: {}", error.message));
      return false;
    }
    const json::Value& root = doc->root;
    if (root.is(json::Kind::Object)) {
      exact = streamed_expected(root, "$");
    } else if (!root.is(json::Kind::Array)) {
      shape(file, root, "$", fmt::format("expected the list endpoint's response (an object or an array of pages), found {}",
                                         json::kind_phrase(root.kind)));
    }
    if (!exact) {  // start over: walk the lists the shape names, in the parsed (and so valid) file
      found = DiagnosticSink{};
      reserve(0);
      walk_parsed(file, root, keys, bare_array, fn, reserve);
    }
    sink_ = outer;
    sink_->absorb(std::move(found));
    if (problems_ >= kMaxProblemsPerFile) {
      sink_->report(DiagCode::StateWrongShape, Span{file, 0, 0},
                    fmt::format("stopped reading the state file after {} problems", kMaxProblemsPerFile));
    }
    return problems_ == 0;
  }

  // The items of a parsed (and so valid) file, walked list by list.
  template <typename Fn, typename Reserve>
  void walk_parsed(FileId file, const json::Value& parsed, const std::vector<std::string_view>& keys, bool bare_array,
                   Fn& fn, Reserve& reserve) {
    const std::string_view text = sources_.file(file).text();
    auto list_of = [&](const json::Value& page, const std::string& path) { return this->list_of(file, page, path, keys); };
    problems_ = 0;
    const json::Value* root = &parsed;
    std::string item_path;
    auto items = [&](const json::Value& list, const std::string& path) {
      json::for_each_element(text, 0, list, [&](const json::Value& item, std::size_t i) {
        detail::index_path(path, i, item_path);
        fn(item, item_path);
        return problems_ < kMaxProblemsPerFile;
      });
    };
    if (root->is(json::Kind::Object)) {
      if (const json::Value* list = list_of(*root, "$")) {
        reserve(list->member_count);
        items(*list, detail::child_path("$", key_of(*root, keys)));
      }
    } else if (root->is(json::Kind::Array)) {
      // Either successive pages or (k0rdent) the items themselves. A page's own list is walked
      // item by item in turn, never built whole.
      json::for_each_lazy_element(text, 0, *root, [&](const json::Value& element, std::size_t i) {
        const std::string path = detail::index_path("$", i);
        const bool page = is_page(element, keys);
        if (page) {
          if (const json::Value* list = list_of(element, path)) items(*list, detail::child_path(path, key_of(element, keys)));
        } else if (bare_array) {
          fn(element, path);
        } else {
          shape(file, element, path, "expected a page of the list response (an object), as the API returns it");
        }
        return problems_ < kMaxProblemsPerFile;
      }, /*build_nested=*/false);
    }
  }

  void shape(FileId file, const json::Value& at, const std::string& path, std::string message) {
    ++problems_;
    sink_->report(DiagCode::StateWrongShape, Span{file, at.begin, std::min(at.end, at.begin + 1)},
                 fmt::format("{}: {}", path, message));
  }

  static std::string_view key_of(const json::Value& page, const std::vector<std::string_view>& keys) {
    for (std::string_view k : keys) {
      if (page.find(k) != nullptr) return k;
    }
    return keys.front();
  }

  void read_instance(const fs::path& path, std::uint32_t target_index, const model::TargetInstance& target,
                     State& state) {
    FileId file = load(path);
    if (file == kNoFile) return;
    const StateDecoder& decoder = state_decoder(target.kind);
    InstanceState instance;
    instance.target = target_index;
    instance.file = file;
    DecodeContext ctx;
    ctx.target = &target;
    ctx.document = sources_.file(file).text();
    ctx.attributes = attributes_;
    auto roles = state.role_names.find(target_index);
    if (roles != state.role_names.end()) ctx.role_names = &roles->second;
    ctx.error = [&](const json::Value& at, const std::string& at_path, std::string message) {
      shape(file, at, at_path, std::move(message));
    };
    // The ids seen, as indices of the live bindings (no copies of the ids).
    const std::vector<Binding>& live = instance.live;
    IdIndex ids(IdOf{&live});
    for_each_item(
        file, decoder.list_keys(), decoder.accepts_bare_array(),
        [&](const json::Value& item, const std::string& item_path) {
          ctx.path = item_path;
          Binding b;
          if (!decoder.decode(item, ctx, b)) return;
          b.span = Span{file, item.begin, item.end};
          const auto next = static_cast<std::uint32_t>(live.size());
          if (auto [first, fresh] = ids.insert(b.id, next); !fresh) {
            ++problems_;
            Diagnostic& d = sink_->report(DiagCode::StateDuplicateId, Span{file, item.begin, item.begin + 1},
                                         fmt::format("{}: a second live binding has the id {}: the pages overlap or "
                                                     "the file was edited; list the bindings again",
                                                     item_path, iamc::quoted(b.id)));
            const Span at = live[first].span;
            d.notes.push_back({Span{at.file, at.begin, at.begin + 1}, "the first binding with this id"});
            return;
          }
          instance.live.push_back(std::move(b));
        },
        [&](std::size_t n) {  // before the items are walked, and to start over
          instance.live.clear();
          ids.clear();
          instance.live.reserve(n);
          ids.reserve(n);
        });
    state.instances.push_back(std::move(instance));
  }

  void read_roles(const fs::path& path, std::uint32_t target_index, State& state) {
    FileId file = load(path);
    if (file == kNoFile) return;
    auto& names = state.role_names[target_index];
    for_each_item(file, {"roles"}, false, [&](const json::Value& item, const std::string& item_path) {
      DecodeContext ctx;
      ctx.path = item_path;
      ctx.error = [&](const json::Value& at, const std::string& at_path, std::string message) {
        shape(file, at, at_path, std::move(message));
      };
      std::string id;
      std::string name;
      if (!detail::require_object(item, ctx) || !detail::string_member(item, "id", true, ctx, item_path, id) ||
          !detail::string_member(item, "name", true, ctx, item_path, name)) {
        return;
      }
      names.emplace(std::move(id), std::move(name));
    }, [](std::size_t) {});
  }

 private:
  SourceManager& sources_;
  DiagnosticSink* sink_;  ///< where findings go; a file's own sink while its items are read
  bool attributes_;
  std::size_t problems_ = 0;
};

// The folder's state files in name order, or nullopt after reporting.
std::optional<std::vector<fs::path>> list_folder(const fs::path& dir, DiagnosticSink& sink) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    sink.report(DiagCode::StateUnreadable, Span{},
                fmt::format("{}: the state folder does not exist or is not a directory", dir.generic_string()));
    return std::nullopt;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && parse_file_name(it->path().filename().string())) files.push_back(it->path());
  }
  if (ec) {
    sink.report(DiagCode::StateUnreadable, Span{},
                fmt::format("{}: cannot list the state folder: {}", dir.generic_string(), ec.message()));
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  // Roles files first: the policies are decoded through them.
  std::stable_partition(files.begin(), files.end(),
                        [](const fs::path& p) { return parse_file_name(p.filename().string())->roles; });
  return files;
}

std::string declared_list(const std::vector<model::TargetInstance>& targets) {
  std::string out;
  for (const auto& t : targets) out += fmt::format("{}{}.{}", out.empty() ? "" : ", ", model::target_kind_name(t.kind), t.name);
  return out.empty() ? "none" : out;
}

}  // namespace

State read_state(const fs::path& dir, const model::Model& model, SourceManager& sources, DiagnosticSink& sink) {
  State state;
  auto files = list_folder(dir, sink);
  if (!files) return state;
  Reader reader(sources, sink, /*attributes=*/false);
  std::vector<bool> seen(model.targets.size(), false);
  for (const fs::path& path : *files) {
    StateFileName name = *parse_file_name(path.filename().string());
    std::optional<model::TargetKind> kind = model::parse_target_kind(name.kind);
    std::uint32_t index = 0;
    for (; index < model.targets.size(); ++index) {
      const model::TargetInstance& t = model.targets[index];
      if (kind && t.kind == *kind && t.name == name.instance) break;
    }
    if (index == model.targets.size()) {
      sink.report(DiagCode::StateUnknownInstance, Span{},
                  fmt::format("{}: the file name does not name a target instance the sources declare ({}); state "
                              "files are named <target>.<instance>.json",
                              path.generic_string(), declared_list(model.targets)));
      continue;
    }
    if (name.roles) {
      reader.read_roles(path, index, state);
    } else {
      seen[index] = true;
      reader.read_instance(path, index, model.targets[index], state);
    }
  }
  for (std::uint32_t i = 0; i < model.targets.size(); ++i) {
    if (seen[i]) continue;
    const model::TargetInstance& t = model.targets[i];
    sink.report(DiagCode::StateMissing, t.name_span,
                fmt::format("{}.{} has no state file: save its list response as {}/{}.{}.json (an empty list if "
                            "it has no bindings yet)",
                            model::target_kind_name(t.kind), t.name, dir.generic_string(),
                            model::target_kind_name(t.kind), t.name));
  }
  std::sort(state.instances.begin(), state.instances.end(),
            [](const InstanceState& a, const InstanceState& b) { return a.target < b.target; });
  return state;
}

State read_state_for_import(const fs::path& dir, std::vector<model::TargetInstance>& targets,
                            SourceManager& sources, DiagnosticSink& sink) {
  State state;
  auto files = list_folder(dir, sink);
  if (!files) return state;
  Reader reader(sources, sink, /*attributes=*/true);
  // Declare every instance first so that indices and roles files line up.
  for (const fs::path& path : *files) {
    StateFileName name = *parse_file_name(path.filename().string());
    std::optional<model::TargetKind> kind = model::parse_target_kind(name.kind);
    bool identifier = !name.instance.empty() && (std::isalpha(static_cast<unsigned char>(name.instance[0])) != 0 || name.instance[0] == '_') &&
                      std::all_of(name.instance.begin(), name.instance.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
                      });
    if (!kind || !identifier) {
      sink.report(DiagCode::StateUnknownInstance, Span{},
                  fmt::format("{}: the file name does not name a target instance: state files are named "
                              "<target>.<instance>.json with a target of k0rdent, connhex, redpanda, astra or frontier "
                              "and an instance name that is an identifier",
                              path.generic_string()));
      continue;
    }
    bool known = std::any_of(targets.begin(), targets.end(), [&](const model::TargetInstance& t) {
      return t.kind == *kind && t.name == name.instance;
    });
    if (known) continue;
    model::TargetInstance t;
    t.kind = *kind;
    t.name = state.names.emplace_back(name.instance);
    targets.push_back(std::move(t));
  }
  for (const fs::path& path : *files) {
    StateFileName name = *parse_file_name(path.filename().string());
    std::optional<model::TargetKind> kind = model::parse_target_kind(name.kind);
    std::uint32_t index = 0;
    while (kind && index < targets.size() && !(targets[index].kind == *kind && targets[index].name == name.instance)) ++index;
    if (!kind || index == targets.size()) continue;
    if (name.roles) {
      reader.read_roles(path, index, state);
    } else {
      reader.read_instance(path, index, targets[index], state);
    }
  }
  std::sort(state.instances.begin(), state.instances.end(),
            [](const InstanceState& a, const InstanceState& b) { return a.target < b.target; });
  return state;
}

}  // namespace iamc::plan
