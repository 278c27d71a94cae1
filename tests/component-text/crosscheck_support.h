// Pieces of the component text cross-check (jco_crosscheck_test.cpp): collecting
// the components of a script, normalising binaries, tallying outcomes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/error.h"

namespace weft::component::text::crosscheck {

using Bytes = std::vector<uint8_t>;

enum class Expect : uint8_t { Valid, Invalid, Malformed, SyntaxOnly };

enum class Outcome : uint8_t {
  Pending,     // binaries differ: decided by printing both
  Identical,   // equal without custom sections
  Equivalent,  // printed the same
  Differing,
  WeftError,    // jco encodes it, weft does not
  CoreGap,      // the same, failing inside a `(core module ...)`: a core text gap
  BothReject,   // both reject the text (assert_malformed, or a form neither reads)
  JcoRejects,   // weft encodes what jco refuses to parse
};

const char* outcome_name(Outcome outcome);

struct Case {
  std::string folder;    // suite folder label
  std::string where;     // file:line
  std::string jco_text;  // what jco parses: `(component $id? ...)`
  Expect expect = Expect::Valid;
  Result<Bytes> weft = Bytes{};
  Outcome outcome = Outcome::Pending;
  bool raw_identical = false;  // custom sections included
  bool validator_rejects = false;  // expected valid, weft's binary rejected, jco's accepted
  bool validator_both = false;     // expected valid, both binaries rejected (a validator gap)
  std::string note, note_validator;
  std::vector<std::pair<uint64_t, uint64_t>> core_modules;  // source offsets of `(core module ...)` bodies
};

struct Tally {
  size_t scripts = 0, commands = 0, components = 0, binary_form = 0, async_skipped = 0;
  size_t identical = 0, raw_identical = 0, equivalent = 0, differing = 0, weft_error = 0, core_gap = 0, both_reject = 0,
         jco_rejects = 0, validator_rejects = 0, validator_both = 0;
  void add(const Case& c);
  void merge(const Tally& other);
  static std::string header();
  std::string row() const;
};

std::vector<std::filesystem::path> wast_files(const std::filesystem::path& dir);
void write_file(const std::filesystem::path& path, std::string_view text);
std::filesystem::path case_path(const std::filesystem::path& dir, size_t i, const char* ext);

// Every component of the script at `path` (text, quote and binary forms) into
// `cases`, with weft's encoding from the component script parser; async ones
// and binary forms are only counted.
void collect_script(const std::filesystem::path& path, const std::string& folder, std::vector<Case>& cases,
                    Tally& tally);

// A standalone `.wat` component (tests/component-text/corpus), through parse_component_wat.
void collect_wat(const std::filesystem::path& path, std::vector<Case>& cases, Tally& tally);

// Reads the reference's result for case i and decides what bytes alone can; for
// Pending cases writes both binaries (custom sections dropped) into `print_dir`.
void compare_bytes(const std::filesystem::path& dir, const std::filesystem::path& print_dir, size_t i, Case& c);
// Decides a Pending case from jco's printing of both binaries.
void compare_printed(const std::filesystem::path& print_dir, size_t i, Case& c);

// Drops custom sections at every level (nested components and core modules).
Bytes strip_custom(const Bytes& b);

}  // namespace weft::component::text::crosscheck
