// Project loading: input discovery, file reading with limits, includes, cycles and the root.
#include "frontend/project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "base/parallel.hpp"
#include "base/mapped_file.hpp"
#include "base/text.hpp"
#include "frontend/dsl_parser.hpp"
#include "frontend/yaml_reader.hpp"

namespace iamc::frontend {
namespace fs = std::filesystem;
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::string> read_file(const fs::path& path, std::string& out, bool& too_large) {
  too_large = false;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) return fmt::format("cannot read file: {}", ec.message());
  if (fs::is_directory(status)) return std::string("cannot read file: it is a directory");
  if (!fs::is_regular_file(status)) return std::string("cannot read file: not a regular file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return fmt::format("cannot read file: {}", std::strerror(errno));
  out.clear();
  // Read what the file holds in one go, straight into `out`; the loop below then finds the end
  // (or reads on, if the file grew or reports no size).
  if (std::uintmax_t size = fs::file_size(path, ec); !ec && size > 0 && size <= kMaxFileBytes) {
    out.resize(static_cast<std::size_t>(size));
    out.resize(std::fread(out.data(), 1, out.size(), f));
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    if (out.size() + n > kMaxFileBytes) {
      too_large = true;
      std::fclose(f);
      return fmt::format("file is larger than the {} MiB limit", kMaxFileBytes >> 20);
    }
    out.append(buffer, n);
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return fmt::format("cannot read file: {}", std::strerror(errno));
  return std::nullopt;
}

namespace {

// The root as shown in messages: relative to the working directory when below it.
std::string shown_root(const fs::path& root) {
  std::error_code ec;
  fs::path rel = fs::proximate(root, ec);
  std::string shown = ec ? root.generic_string() : rel.generic_string();
  return shown.empty() ? "." : shown;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// A path written in a YAML include list, unquoted; nothing when it is not a plain path.
std::optional<std::string> yaml_path_item(std::string_view item) {
  item = trim(item);
  if (item.size() >= 2 && (item.front() == '"' || item.front() == '\'') && item.back() == item.front()) {
    item = item.substr(1, item.size() - 2);
    if (item.find_first_of("\"'\\") != std::string_view::npos) return std::nullopt;
  }
  if (item.empty() || item.find_first_of("#:[]{},&*!|>%@`\"'") != std::string_view::npos) return std::nullopt;
  return std::string(item);
}

// The paths a file includes, found by looking at lines instead of parsing: a guess that lets the
// loader predict file ids before the files are parsed (see Loader::prefetch). Nothing when the
// text has an `include` this does not understand. Never used for the result itself.
std::optional<std::vector<std::string>> scan_includes(std::string_view text, bool yaml) {
  std::vector<std::string> out;
  for (std::size_t pos = text.find("include"); pos != std::string_view::npos; pos = text.find("include", pos)) {
    std::size_t line = text.rfind('\n', pos);
    line = line == std::string_view::npos ? 0 : line + 1;
    std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view before = text.substr(line, pos - line);
    std::string_view lead = trim(before);
    if (lead.starts_with('#') || (!yaml && lead.starts_with("//"))) {  // a comment line
      pos = eol;
      continue;
    }
    if (!yaml) {  // include "path"
      if (!lead.empty()) return std::nullopt;
      std::size_t q = pos + 7;
      while (q < eol && is_blank(text[q])) ++q;
      if (q == pos + 7 || q >= eol || text[q] != '"') return std::nullopt;
      std::size_t close = text.find('"', q + 1);
      if (close == std::string_view::npos || close > eol) return std::nullopt;
      std::string_view path = text.substr(q + 1, close - q - 1);
      if (path.find('\\') != std::string_view::npos) return std::nullopt;
      out.emplace_back(path);
      pos = close;
      continue;
    }
    // YAML: a top-level `include:` with a flow list, a block list or one path.
    if (!before.empty() || pos + 7 >= text.size() || text[pos + 7] != ':') return std::nullopt;
    std::string_view rest = trim(text.substr(pos + 8, eol - pos - 8));
    if (rest.starts_with('#')) rest = {};  // a comment after the key
    if (rest.starts_with('[')) {
      std::size_t close = rest.find(']');
      if (close == std::string_view::npos) return std::nullopt;
      if (std::string_view after = trim(rest.substr(close + 1)); !after.empty() && !after.starts_with('#')) {
        return std::nullopt;
      }
      std::string_view items = rest.substr(1, close - 1);
      while (!trim(items).empty()) {
        std::size_t comma = std::min(items.find(','), items.size());
        auto item = yaml_path_item(items.substr(0, comma));
        if (!item) return std::nullopt;
        out.push_back(std::move(*item));
        items = items.substr(std::min(comma + 1, items.size()));
      }
      pos = eol;
    } else if (rest.empty()) {
      pos = eol;
      while (pos < text.size()) {  // block items: `- path`, one per line
        std::size_t next = std::min(text.find('\n', pos + 1), text.size());
        std::string_view item = trim(text.substr(pos + 1, next - pos - 1));
        if (item.empty()) {
          pos = next;
          continue;
        }
        if (!item.starts_with("- ")) break;
        auto path = yaml_path_item(item.substr(2));
        if (!path) return std::nullopt;
        out.push_back(std::move(*path));
        pos = next;
      }
    } else {
      auto path = yaml_path_item(rest);
      if (!path) return std::nullopt;
      out.push_back(std::move(*path));
      pos = eol;
    }
  }
  return out;
}

// The loader is one sequential walk: arguments in order (standard input where "-" stands), then
// the sorted inputs, each file followed depth-first by what it includes. That walk alone assigns
// file ids, fills the Project and reports, so the output cannot depend on the number of threads.
//
// With jobs > 1, files are read and parsed ahead of that walk. The id a file gets depends on the
// includes of every file before it, known for sure only once those are parsed, so the loader
// predicts: a dry walk over what is known so far (a file's parsed includes, else the includes
// scan_includes sees in its lines) gives each file an id and display name; the files it reaches
// are read in parallel, and those not yet parsed with their predicted id and name are parsed in
// parallel, each into its own sink, and the dry walk is repeated until it changes nothing. The
// real walk then takes a parse only if it gives the file that same id and name, absorbing its
// sink where one thread would have reported; anything else is parsed again there, as with one
// thread. Each round fixes at least the first file still unknown; a round stops after a file whose
// includes could not be guessed (they may move every id after it), so a typical project takes
// two rounds.
class Loader {
 public:
  Loader(const LoadOptions& options, Project& project, DiagnosticSink& sink)
      : options_(options), sink_(sink), project_(project) {}
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;
  ~Loader() {
    try {
      stop_parsing_ahead();  // after an exception in the walk: the workers must not wait forever
    } catch (...) {  // NOLINT(bugprone-empty-catch): the walk's own exception is on its way
    }
  }

  void run() {
    plan();
    unsigned threads = thread_count(options_.jobs);
    if (threads > 1) {
      predicting_ = true;
      prefetch(threads);
      predicting_ = false;
    }
    walk(/*dry=*/false);
    stop_parsing_ahead();
    find_cycles();
  }

 private:
  // What is known about one file (by its canonical path): its text, and a parse made ahead of
  // the real walk with the id and display name `source` carries.
  struct Entry {
    fs::path key;   ///< canonical path (overlays are looked up by it)
    fs::path path;  ///< as reached (what read_file opens)
    bool read = false;
    std::optional<std::string> error;  ///< why it could not be read
    bool too_large = false;
    /// What the file includes by a look at its lines (a guess, until it is parsed), or nothing
    /// when that look was not enough.
    std::optional<std::vector<std::string>> scanned;
    std::string text;         ///< until a SourceFile takes it (when read, not mapped)
    std::unique_ptr<MappedFile> mapped;  ///< the text, when mapped (LoadOptions::map_files)
    const SourceFile* adopted = nullptr;  ///< the SourceFile the project took, if any
    std::unique_ptr<SourceFile> source;   ///< the parse below was made against this
    ast::File ast;
    DiagnosticSink diagnostics;  ///< check_source_text and the parser, for this file alone
    bool parsed = false;
    /// Parsing ahead beside the real walk (see parse_ahead): the file's place in the ahead list
    /// (-1: not in it) and whether it is waiting, being parsed or parsed.
    long ahead = -1;
    std::atomic<int> ahead_state{kAheadWaiting};
    int parsed_by = 0;  ///< the worker (1, 2, ...) whose parse this is; 0: the walk's thread

    [[nodiscard]] bool parsed_as(FileId id, const std::string& display) const {
      return parsed && source && source->id() == id && source->path() == display;
    }

    /// The file's text, wherever it is now.
    [[nodiscard]] std::string_view current_text() const {
      return source ? source->text() : adopted ? adopted->text() : mapped ? mapped->text() : std::string_view(text);
    }

    // A SourceFile with this file's text, moving the text (or the mapping) the first time and
    // copying it after.
    std::unique_ptr<SourceFile> make_source(FileId id, const std::string& display) {
      if (!source && !adopted && mapped) return std::make_unique<SourceFile>(id, display, std::move(mapped));
      std::string copy = source || adopted ? std::string(current_text()) : std::move(text);
      return std::make_unique<SourceFile>(id, display, std::move(copy));
    }

    void parse(FileId id, const std::string& display) {
      source = make_source(id, display);
      diagnostics = DiagnosticSink();
      ast = ast::File();
      ast.file = id;
      if (check_source_text(*source, diagnostics)) ast = parse_source(*source, diagnostics);
      parsed = true;
    }
  };

  // One file in the order a dry walk reached it.
  struct Visit {
    Entry* entry;
    FileId id;
    std::string display;
  };

  // An argument, in command-line order: standard input, or a problem to report about it.
  struct ArgEvent {
    bool is_stdin = false;
    DiagCode code = DiagCode::NoInputFiles;
    std::string message;
  };

  // Reads the arguments once (directory searches, the exclusions) and records what the walk
  // will report about them, so each walk repeats no file-system search.
  void plan() {
    for (const std::string& arg : options_.paths) {
      if (arg == "-") {
        events_.push_back({true, {}, {}});
        continue;
      }
      fs::path path(arg);
      std::error_code ec;
      if (fs::is_directory(path, ec)) {
        std::vector<fs::path> found = discover_sources(path, NestedProjects::Skip);
        if (found.empty()) {
          events_.push_back({false, DiagCode::NoInputFiles,
                             fmt::format("{}: no *.iam or *.iam.yaml files in this directory", display_text(arg))});
        }
        fs::path root = project_root(path);
        for (auto& f : found) {
          if (options_.excluded && options_.excluded(fs::absolute(f))) continue;
          inputs_.emplace_back(std::move(f), root);
        }
      } else {
        inputs_.emplace_back(path, project_root(path));
        if (is_test_path(arg)) {
          inputs_.pop_back();  // an access test file: read by testing/, not by the front end
        } else if (fs::exists(path, ec) && !is_dsl_path(arg) && !is_yaml_path(arg)) {
          events_.push_back({false, DiagCode::UnknownFileType,
                             fmt::format("{}: not a *.iam or *.iam.yaml file", display_text(arg))});
          inputs_.pop_back();
        }
      }
    }
    // Sorted inputs give the same file order, and so the same output, whatever the directory
    // iteration order of the file system.
    std::sort(inputs_.begin(), inputs_.end());
  }

  // One walk over the whole project. The real one (dry = false) reports to the sink and fills
  // the project; a dry one only records the order in visits_ and the unread files in unread_.
  void walk(bool dry) {
    dry_ = dry;
    DiagnosticSink scratch;
    out_ = dry ? &scratch : &sink_;
    by_path_.clear();
    visits_.clear();
    unread_.clear();
    next_id_ = static_cast<FileId>(project_.sources.size());
    file_count_ = 0;
    for (const ArgEvent& e : events_) {
      if (e.is_stdin) {
        load_stdin();
      } else {
        out_->report(e.code, Span{}, e.message);
      }
    }
    for (auto& [file, root] : inputs_) load(file, file.lexically_normal().generic_string(), root, Span{});
    out_ = &sink_;
  }

  // Parses ahead of the real walk on `threads` threads (see the comment on the class).
  void prefetch(unsigned threads) {
    // After this many rounds, schedule every file still unknown instead of stopping after one
    // that may include others: a wrong guess costs a second parse, never a wrong result.
    constexpr int kCarefulRounds = 16;
    for (int round = 0;; ++round) {
      walk(/*dry=*/true);
      while (!unread_.empty()) {  // read what the walk reached, then walk on through its includes
        std::vector<Entry*> unread = std::move(unread_);
        parallel_for(unread.size(), threads, [&](std::size_t i) { read_entry(*unread[i]); });
        walk(/*dry=*/true);
      }
      std::vector<const Visit*> tasks;
      std::set<const Entry*> scheduled;
      bool whole = true;  // every file still to parse is in `tasks`, its includes known or guessed
      for (const Visit& v : visits_) {
        Entry& e = *v.entry;
        if (e.parsed_as(v.id, v.display)) continue;
        if (!scheduled.insert(&e).second) {  // standard input twice: left to the real walk
          whole = false;
          break;
        }
        tasks.push_back(&v);
        bool guessed = e.parsed || e.scanned;  // what it includes is known, or well guessed
        whole = whole && guessed;
        if (!guessed && round < kCarefulRounds && tasks.size() >= threads) break;
      }
      if (tasks.empty()) return;
      if (whole) {
        // The ids of the rest are as good as known: parse them beside the real walk, in its
        // order, instead of all of them before it.
        parse_ahead(tasks, threads);
        return;
      }
      // Largest first, so one big file does not finish alone at the end of the round.
      std::stable_sort(tasks.begin(), tasks.end(), [](const Visit* a, const Visit* b) {
        return text_size(*a->entry) > text_size(*b->entry);
      });
      parallel_for(tasks.size(), threads, [&](std::size_t i) { tasks[i]->entry->parse(tasks[i]->id, tasks[i]->display); });
    }
  }

  // ---- parsing ahead beside the real walk ---------------------------------------------------
  //
  // `threads - 1` workers parse the files of `tasks` in the real walk's predicted order while the
  // real walk, on the calling thread, takes each parse as it reaches that file: parsing it itself
  // if no worker has started it, else parsing files further ahead until the worker is done. It
  // then hands the file on (LoadOptions::file_added), and once the resolver is done with a file
  // its target blocks are freed on the thread that parsed them (free_blocks). Workers stay at
  // most kAheadWindowPerThread × threads files ahead of the walk, so the trees of only that many
  // files exist at once, not those of the whole project; and resolving overlaps parsing.
  static constexpr int kAheadWaiting = 0, kAheadParsing = 1, kAheadParsed = 2;
  static constexpr std::size_t kAheadWindowPerThread = 8;

  void parse_ahead(const std::vector<const Visit*>& tasks, unsigned threads) {
    for (const Visit* v : tasks) {
      v->entry->ahead = static_cast<long>(ahead_.size());
      v->entry->ahead_state.store(kAheadWaiting, std::memory_order_relaxed);
      ahead_.push_back(*v);  // a copy: the real walk starts by clearing visits_
    }
    ahead_window_ = kAheadWindowPerThread * threads;
    ahead_garbage_.resize(threads);
    for (unsigned t = 1; t < threads; ++t) ahead_workers_.emplace_back([this, t] { parse_ahead_worker(static_cast<int>(t)); });
  }

  void parse_ahead_worker(int worker) {
    try {
      for (std::size_t k; (k = ahead_next_.fetch_add(1, std::memory_order_relaxed)) < ahead_.size();) {
        std::vector<std::vector<ast::TargetBlock>> garbage;
        {
          std::unique_lock lock(ahead_mutex_);
          ahead_moved_.wait(lock, [&] { return ahead_stop_ || k < ahead_reached_ + ahead_window_; });
          if (ahead_stop_) return;
          garbage.swap(ahead_garbage_[worker]);
        }
        garbage.clear();  // the trees this worker parsed and the walk is done with
        parse_ahead_file(k, worker);
      }
    } catch (...) {
      std::lock_guard lock(ahead_mutex_);
      if (!ahead_failure_) ahead_failure_ = std::current_exception();
      ahead_stop_ = true;
      ahead_moved_.notify_all();
    }
  }

  // The real walk reached `e`: when it is in the ahead list, make sure no worker is still parsing
  // it (claiming it first when none has started: the walk parses it itself, below), and let the
  // workers move on past it.
  void reach_ahead(Entry& e) {
    if (e.ahead < 0) return;
    int waiting = kAheadWaiting;
    if (!e.ahead_state.compare_exchange_strong(waiting, kAheadParsed, std::memory_order_acq_rel)) {
      // A worker is on it. Resolving a file takes less than parsing one, so the walk would wait
      // here most of the time: it parses files further ahead meanwhile, as a worker would.
      while (e.ahead_state.load(std::memory_order_acquire) != kAheadParsed && parse_one_ahead()) {
      }
      std::unique_lock lock(ahead_mutex_);
      ahead_moved_.wait(lock, [&] { return e.ahead_state.load(std::memory_order_acquire) == kAheadParsed; });
    }
    {
      std::lock_guard lock(ahead_mutex_);
      ahead_reached_ = std::max(ahead_reached_, static_cast<std::size_t>(e.ahead) + 1);
    }
    e.ahead = -1;
    ahead_moved_.notify_all();
  }

  // On the walk's thread: takes the next file of the ahead list that no worker has taken, if it
  // is within the window, and parses it. False when there is none to take now.
  bool parse_one_ahead() {
    std::size_t k = ahead_next_.load(std::memory_order_relaxed);
    do {
      // ahead_reached_ is written by this thread only: no lock to read it here.
      if (k >= ahead_.size() || k >= ahead_reached_ + ahead_window_) return false;
    } while (!ahead_next_.compare_exchange_weak(k, k + 1, std::memory_order_relaxed));
    parse_ahead_file(k, 0);
    return true;
  }

  // Parses the k-th file of the ahead list on thread `parser` (0: the walk's), unless the walk
  // has claimed it already, and wakes whoever waits for it.
  void parse_ahead_file(std::size_t k, int parser) {
    Entry& e = *ahead_[k].entry;
    int waiting = kAheadWaiting;
    if (!e.ahead_state.compare_exchange_strong(waiting, kAheadParsing, std::memory_order_acq_rel)) return;
    e.parse(ahead_[k].id, ahead_[k].display);
    e.parsed_by = parser;
    {
      std::lock_guard lock(ahead_mutex_);
      e.ahead_state.store(kAheadParsed, std::memory_order_release);
    }
    ahead_moved_.notify_all();
  }

  // Frees the target blocks of files [blocks_freed_, done): here, or by the worker that parsed
  // them (the next time it takes a file).
  void free_blocks(std::size_t done) {
    for (; blocks_freed_ < done && blocks_freed_ < project_.files.size(); ++blocks_freed_) {
      std::vector<ast::TargetBlock> blocks = std::move(project_.files[blocks_freed_].blocks);  // leaves it empty
      const int worker = parsed_by_[blocks_freed_];
      if (worker != 0 && !blocks.empty()) {
        std::lock_guard lock(ahead_mutex_);
        ahead_garbage_[static_cast<std::size_t>(worker)].push_back(std::move(blocks));
      }
    }
  }

  // Lets the workers go and joins them; rethrows what one of them threw.
  void stop_parsing_ahead() {
    {
      std::lock_guard lock(ahead_mutex_);
      ahead_stop_ = true;
    }
    ahead_moved_.notify_all();
    ahead_workers_.clear();  // joins
    if (auto failure = std::exchange(ahead_failure_, nullptr)) std::rethrow_exception(failure);
  }

  static std::size_t text_size(const Entry& e) { return e.current_text().size(); }

  // The file's text, from an overlay or the disk. Thread-safe: touches only `e`.
  void read_entry(Entry& e) const {
    e.read = true;
    e.error.reset();
    e.mapped.reset();
    e.too_large = false;
    if (auto overlay = std::find_if(options_.overlays.begin(), options_.overlays.end(),
                                    [&](const auto& o) { return o.first == e.key; });
        overlay != options_.overlays.end()) {
      e.text = overlay->second;
    } else if (std::unique_ptr<MappedFile> mapped = options_.map_files ? MappedFile::map(e.path.string()) : nullptr;
               mapped != nullptr && mapped->text().size() <= kMaxFileBytes) {
      e.mapped = std::move(mapped);  // what cannot be mapped (or is too large) is read, with read_file's messages
    } else {
      e.error = read_file(e.path, e.text, e.too_large);
    }
    if (!e.error && predicting_) e.scanned = scan_includes(e.current_text(), is_yaml_path(e.path.generic_string()));
  }

  // fs::weakly_canonical, computed once per path: every walk asks for the same paths.
  const fs::path& canonical(const fs::path& path, bool& failed) {
    auto [it, fresh] = canonical_.try_emplace(path);
    if (fresh) {
      std::error_code ec;
      it->second.first = fs::weakly_canonical(path, ec);
      it->second.second = static_cast<bool>(ec);
    }
    failed = it->second.second;
    return it->second.first;
  }

  void load_stdin() {
    // Standard input has the same limit as a file; the driver reads at most one byte past it
    // (read_standard_input), so an endless stream is refused after 16 MiB, not read to exhaustion.
    if (options_.stdin_error || options_.stdin_text.size() > kMaxFileBytes) {
      bool too_large = !options_.stdin_error;
      std::string why = too_large ? fmt::format("standard input is larger than the {} MiB limit", kMaxFileBytes >> 20)
                                  : *options_.stdin_error;
      out_->report(too_large ? DiagCode::FileTooLarge : DiagCode::FileUnreadable, Span{},
                   fmt::format("{}: {}", display_text(options_.stdin_name), why));
      return;
    }
    FileId id = next_id_++;
    if (!stdin_.read) {
      stdin_.read = true;
      stdin_.text = options_.stdin_text;
      if (predicting_) stdin_.scanned = scan_includes(stdin_.text, is_yaml_path(options_.stdin_name));
    }
    fs::path as_path = fs::absolute(options_.stdin_name);
    parse(stdin_, id, options_.stdin_name, fs::path(), as_path.parent_path(), project_root(as_path));
  }

  // Loads `path` unless already loaded; returns its index in project_.files, or -1.
  long load(const fs::path& path, const std::string& display, const fs::path& root, Span included_at) {
    fs::path absolute = fs::absolute(path);
    bool failed = false;
    fs::path key = canonical(absolute, failed);
    if (failed) key = absolute;
    if (auto it = by_path_.find(key); it != by_path_.end()) return static_cast<long>(it->second);

    auto [slot, fresh] = entries_.try_emplace(key);
    Entry& e = slot->second;
    if (fresh) {
      e.key = key;
      e.path = path;
    }
    if (dry_ && !e.read) {
      unread_.push_back(&e);  // counted as a readable file that includes nothing, for now
    } else if (!dry_ && (!e.read || e.error)) {
      // Read here, as with one thread; a file that could not be read is tried again at each
      // include, through the path that include names.
      e.path = path;
      read_entry(e);
    }
    if (e.read && e.error) {
      std::string message = fmt::format("{}: {}", display_text(display), *e.error);
      out_->report(e.too_large ? DiagCode::FileTooLarge : DiagCode::FileUnreadable, included_at, message);
      return -1;
    }
    FileId id = next_id_++;
    auto index = static_cast<std::uint32_t>(file_count_);
    by_path_.emplace(key, index);
    parse(e, id, display, key, key.parent_path(), root);
    return index;
  }

  void parse(Entry& e, FileId id, const std::string& display, const fs::path& key, const fs::path& dir,
             const fs::path& root) {
    auto index = static_cast<std::uint32_t>(file_count_++);
    std::vector<ast::Include> includes;
    if (dry_) {
      visits_.push_back({&e, id, display});
      if (e.parsed) {
        includes = e.ast.includes;
      } else if (e.scanned) {
        for (const std::string& path : *e.scanned) includes.push_back({Span{}, path, Span{}});
      } else {
        return;  // counted as including nothing, for now
      }
    } else {
      reach_ahead(e);
      const int parsed_ahead_by = std::exchange(e.parsed_by, 0);
      int parsed_by = 0;  // this thread's parse, unless the one made ahead is taken
      if (e.parsed_as(id, display)) {
        project_.sources.adopt(std::move(e.source));
        sink_.absorb(std::move(e.diagnostics));
        parsed_by = parsed_ahead_by;
      } else {
        // Not parsed ahead, or with another id or name: parse now, reporting directly.
        FileId added = project_.sources.adopt(e.make_source(id, display));
        e.source.reset();
        e.ast = ast::File();
        e.ast.file = added;
        const SourceFile& source = project_.sources.file(added);
        if (check_source_text(source, sink_)) e.ast = parse_source(source, sink_);
      }
      e.adopted = &project_.sources.file(id);
      e.parsed = false;
      project_.files.push_back(std::move(e.ast));
      project_.file_paths.push_back(key);
      project_.include_edges.emplace_back();
      includes = project_.files[index].includes;
      parsed_by_.push_back(parsed_by);
      if (options_.file_added) free_blocks(options_.file_added(project_.files.size()));
    }

    // Follow includes after the file is in place; `files` may grow (and move) while we do.
    for (const ast::Include& inc : includes) {
      fs::path target = (dir / fs::path(std::string(inc.path))).lexically_normal();
      bool failed = false;
      const fs::path& resolved = canonical(target, failed);  // a symlink may not escape either
      fs::path relative = (failed ? target : resolved).lexically_relative(root);
      if (fs::path(std::string(inc.path)).is_absolute() || relative.empty() ||
          *relative.begin() == "..") {
        out_->report(DiagCode::IncludeOutsideRoot, inc.path_span,
                     fmt::format("include {} leaves the project root {}", iamc::quoted(inc.path),
                                 iamc::quoted(shown_root(root))))
            .notes.push_back({{}, "include files by a relative path inside the project; the root "
                                  "is the nearest directory holding .iamc.yaml"});
        continue;
      }
      if (!is_dsl_path(inc.path) && !is_yaml_path(inc.path)) {
        out_->report(DiagCode::UnknownFileType, inc.path_span,
                     fmt::format("include {} is not a *.iam or *.iam.yaml file", iamc::quoted(inc.path)));
        continue;
      }
      fs::path display_dir = fs::path(display).parent_path();
      std::string child_display = (display_dir / std::string(inc.path)).lexically_normal().generic_string();
      long child = load(target, child_display, root, inc.path_span);
      if (!dry_ && child >= 0) {
        project_.include_edges[index].push_back(static_cast<std::uint32_t>(child));
        include_spans_[{index, static_cast<std::uint32_t>(child)}] = inc.path_span;
      }
    }
  }
  // Reports each include that closes a cycle, with the chain of files that leads back.
  void find_cycles() {
    const std::size_t n = project_.files.size();
    std::vector<int> state(n, 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::uint32_t> path;
    std::function<void(std::uint32_t)> visit = [&](std::uint32_t v) {
      state[v] = 1;
      path.push_back(v);
      for (std::uint32_t w : project_.include_edges[v]) {
        if (state[w] == 1) {
          Span at = include_spans_[{v, w}];
          auto& d = sink_.report(DiagCode::IncludeCycle, at,
                                 fmt::format("including {} creates a cycle",
                                             iamc::quoted(project_.sources.file(project_.files[w].file).path())));
          auto start = std::find(path.begin(), path.end(), w);
          for (auto it = start; it + 1 != path.end(); ++it) {
            d.notes.push_back({include_spans_[{*it, *(it + 1)}],
                               fmt::format("{} includes {}", iamc::quoted(project_.sources.file(project_.files[*it].file).path()),
                                           iamc::quoted(project_.sources.file(project_.files[*(it + 1)].file).path()))});
          }
          d.notes.push_back({{}, "remove one of these includes; every file is loaded once anyway"});
        } else if (state[w] == 0) {
          visit(w);
        }
      }
      path.pop_back();
      state[v] = 2;
    };
    // Iterative enough in practice: include depth is bounded by the number of files, and a
    // project with thousands of nested includes is not a realistic input.
    for (std::uint32_t v = 0; v < n; ++v) {
      if (state[v] == 0) visit(v);
    }
  }

  const LoadOptions& options_;
  DiagnosticSink& sink_;
  Project& project_;
  std::vector<ArgEvent> events_;
  std::vector<std::pair<fs::path, fs::path>> inputs_;  // (file, root), sorted
  std::map<fs::path, Entry> entries_;  // by canonical path; kept across walks, never moved
  Entry stdin_;
  std::map<fs::path, std::pair<fs::path, bool>> canonical_;  // path -> (weakly_canonical, failed)

  bool predicting_ = false;  // in prefetch(): reading also scans for includes

  // Parsing ahead beside the real walk (parse_ahead).
  std::vector<Visit> ahead_;
  std::atomic<std::size_t> ahead_next_{0};
  std::size_t ahead_window_ = 0;
  std::mutex ahead_mutex_;
  std::condition_variable ahead_moved_;
  std::size_t ahead_reached_ = 0;  // the ahead list up to here is behind the real walk
  bool ahead_stop_ = false;
  std::exception_ptr ahead_failure_;
  std::vector<std::vector<std::vector<ast::TargetBlock>>> ahead_garbage_;  // by worker: blocks to free
  std::vector<int> parsed_by_;  // by file index: the thread whose parse was adopted (Entry::parsed_by)
  std::size_t blocks_freed_ = 0;
  std::vector<std::jthread> ahead_workers_;  // last: joined first when the loader is destroyed

  // The state of the current walk.
  bool dry_ = false;
  DiagnosticSink* out_ = nullptr;
  FileId next_id_ = 0;
  std::size_t file_count_ = 0;
  std::vector<Visit> visits_;    // dry walks: files in the order reached
  std::vector<Entry*> unread_;   // dry walks: files reached but not read yet
  std::map<fs::path, std::uint32_t> by_path_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Span> include_spans_;
};

}  // namespace

bool is_dsl_path(std::string_view path) { return ends_with(path, ".iam"); }
bool is_yaml_path(std::string_view path) {
  return ends_with(path, ".iam.yaml") || ends_with(path, ".iam.yml");
}

std::size_t Project::grant_count() const {
  std::size_t n = 0;
  for (const auto& f : files) n += f.grant_count();
  return n;
}

bool check_source_text(const SourceFile& file, DiagnosticSink& sink) {
  std::string_view text = file.text();
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto at = static_cast<std::uint32_t>(nul);
    sink.report(DiagCode::BinaryFile, Span{file.id(), at, at + 1},
                "file contains a NUL byte: this looks like a binary file, not an iamc source");
    return false;
  }
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto at = static_cast<std::uint32_t>(bad);
    sink.report(DiagCode::InvalidUtf8, Span{file.id(), at, at + 1},
                fmt::format("invalid UTF-8 byte 0x{:02X}: sources must be UTF-8 encoded",
                            static_cast<unsigned char>(text[bad])));
    return false;
  }
  return true;
}

ast::File parse_source(const SourceFile& file, DiagnosticSink& sink) {
  return is_yaml_path(file.path()) ? parse_yaml(file, sink) : parse_dsl(file, sink);
}

void load_project(const LoadOptions& options, Project& project, DiagnosticSink& sink) {
  Loader(options, project, sink).run();
}

bool is_test_path(std::string_view path) {
  return ends_with(path, ".iamtest.yaml") || ends_with(path, ".iamtest.yml");
}

namespace {

// The one directory walk: the files below `dir` whose name `wanted` accepts, skipping
// directories whose name starts with a dot, sorted.
std::vector<fs::path> walk_directory(const fs::path& dir, bool (*wanted)(std::string_view name),
                                     NestedProjects nested) {
  std::vector<fs::path> out;
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
      it.disable_recursion_pending();  // .git, .cache, ...
      continue;
    }
    if (nested == NestedProjects::Skip && it->is_directory(ec) && is_project_directory(it->path())) {
      it.disable_recursion_pending();  // another project: checked on its own
      continue;
    }
    if (it->is_regular_file(ec) && wanted(name)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<fs::path> discover_sources(const fs::path& dir, NestedProjects nested) {
  return walk_directory(
      dir, [](std::string_view name) { return is_dsl_path(name) || is_yaml_path(name); }, nested);
}

std::vector<fs::path> discover_tests(const fs::path& dir, NestedProjects nested) {
  return walk_directory(dir, is_test_path, nested);
}

namespace {

// The directory a path stands for: itself for a directory, else its parent; absolute, with
// symbolic links resolved where the path exists.
fs::path start_directory(const fs::path& input) {
  std::error_code ec;
  fs::path start = fs::weakly_canonical(fs::absolute(input), ec);
  if (ec) start = fs::absolute(input, ec);
  return fs::is_directory(start, ec) ? start : start.parent_path();
}

}  // namespace

bool is_project_directory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / ".iamc.yaml", ec);
}

std::vector<fs::path> nested_project_directories(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      it.disable_recursion_pending();
      continue;
    }
    if (is_project_directory(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<fs::path> find_git_root(const fs::path& input) {
  std::error_code ec;
  for (fs::path p = start_directory(input); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;  // a directory, or a file in a worktree
    if (p == p.root_path()) break;
  }
  return std::nullopt;
}

std::optional<fs::path> find_config_file(const fs::path& input) {
  std::error_code ec;
  for (fs::path p = start_directory(input); !p.empty(); p = p.parent_path()) {
    if (fs::is_regular_file(p / ".iamc.yaml", ec)) return p / ".iamc.yaml";
    if (p == p.root_path()) break;
  }
  return std::nullopt;
}

fs::path project_root(const fs::path& input) {
  if (auto config = find_config_file(input)) return config->parent_path();
  if (auto git = find_git_root(input)) return *git;
  return start_directory(input);
}

}  // namespace iamc::frontend
