#include "Program.h"

#include <regex>

#include "compiler/interp/Interpreter.h"
#include "compiler/jit/Jit.h"
#include "compiler/lower/Lower.h"

namespace stitch {
namespace {

MissingMode ParseMissing(const ast::Policy& policy) {
  if (!policy.on_missing) return MissingMode::kHold;
  if (policy.on_missing->text == "fire") return MissingMode::kFire;
  if (policy.on_missing->text == "skip") return MissingMode::kSkip;
  return MissingMode::kHold;
}

double Seconds(const ast::ExprPtr& expr) {
  return expr && expr->constant ? expr->constant->number : 0;
}

// The value of a tag predicate for one entity; nullopt (missing) when a tag it reads is absent.
// `regex` is the compiled pattern of a kMatches predicate.
std::optional<bool> TestTags(const ir::TagPredicate& p, const std::optional<std::regex>& regex,
                             const std::map<std::string, std::string>& tags) {
  auto tag = tags.find(p.tag);
  if (tag == tags.end()) return std::nullopt;
  bool result = false;
  switch (p.kind) {
    case ir::TagPredicate::Kind::kEquals:
      result = tag->second == p.values[0];
      break;
    case ir::TagPredicate::Kind::kIn:
      result = std::find(p.values.begin(), p.values.end(), tag->second) != p.values.end();
      break;
    case ir::TagPredicate::Kind::kMatches:
      // Whole-string match, as in Prometheus; the pattern was validated by the checker.
      result = std::regex_match(tag->second, *regex);
      break;
    case ir::TagPredicate::Kind::kTagsEqual: {
      auto other = tags.find(p.values[0]);
      if (other == tags.end()) return std::nullopt;
      result = tag->second == other->second;
      break;
    }
  }
  return result != p.negate;
}

}  // namespace

Program::~Program() = default;

std::unique_ptr<Program> Program::Build(std::vector<CheckedFile> files, const ProgramOptions& options) {
  std::unique_ptr<Program> program(new Program());
  program->files_ = std::move(files);
  for (const CheckedFile& file : program->files_) {
    for (const lower::LoweredPolicy& lowered : lower::LowerFile(file.ast, program->ir_)) {
      const ast::Policy& p = *lowered.policy;
      CompiledPolicy compiled;
      compiled.name = p.name.text;
      compiled.ast = &p;
      compiled.when = lowered.when;
      compiled.recover = lowered.recover;
      compiled.target_filter = lowered.target_filter;
      compiled.for_seconds = p.when ? Seconds(p.when->duration) : 0;
      compiled.recover_for_seconds = p.recover && p.recover->duration ? Seconds(p.recover->duration)
                                                                      : compiled.for_seconds;
      compiled.on_missing = ParseMissing(p);
      compiled.priority = static_cast<int>(Seconds(p.priority));
      program->policies_.push_back(std::move(compiled));
    }
  }
  for (const ir::Column& column : program->ir_.columns) {
    bool regex = column.is_tag_predicate && column.predicate.kind == ir::TagPredicate::Kind::kMatches;
    program->tag_regexes_.push_back(regex ? std::optional<std::regex>(std::regex(column.predicate.values[0],
                                                                                std::regex::ECMAScript))
                                          : std::nullopt);
  }
  if (options.backend == Backend::kJit && !program->ir_.conditions.empty()) {
    jit::JitOptions jit_options;
    jit_options.cache_dir = options.cache_dir;
    std::string error;
    program->jit_ = jit::JitProgram::Compile(program->ir_, jit_options, &error);
    if (program->jit_) {
      program->backend_ = Backend::kJit;
    } else {
      program->fallback_reason_ = "the JIT could not start (" + error + "); using the interpreter";
    }
  } else if (options.backend == Backend::kJit) {
    program->backend_ = Backend::kJit;  // nothing to compile
  }
  return program;
}

const jit::JitStats* Program::jit_stats() const { return jit_ ? &jit_->stats() : nullptr; }

std::vector<std::string> Program::FrameColumns() const {
  std::vector<std::string> keys;
  for (const ir::Column& column : ir_.columns) {
    if (!column.is_tag_predicate) keys.push_back(column.key);
  }
  return keys;
}

void Program::Evaluate(const frame::Frame& frame, Evaluation& out) const {
  size_t rows = frame.rows();
  size_t words = (rows + 63) / 64;
  // The view's columns: telemetry from the frame, tag predicates computed here.
  std::vector<const double*> values;
  std::vector<const uint64_t*> validity;
  std::vector<std::vector<double>> owned_values;
  std::vector<std::vector<uint64_t>> owned_bits;
  owned_values.reserve(ir_.columns.size());
  owned_bits.reserve(ir_.columns.size());
  for (size_t c = 0; c < ir_.columns.size(); ++c) {
    const ir::Column& column = ir_.columns[c];
    std::optional<size_t> index;
    if (!column.is_tag_predicate) index = frame.ColumnIndex(column.key);
    if (index) {
      values.push_back(frame.Values(*index));
      validity.push_back(frame.Validity(*index));
      continue;
    }
    owned_values.emplace_back(rows, 0.0);
    owned_bits.emplace_back(words + 1, 0);
    if (column.is_tag_predicate) {
      for (size_t row = 0; row < rows; ++row) {
        if (auto result = TestTags(column.predicate, tag_regexes_[c], frame.GetEntity(row).tags)) {
          owned_values.back()[row] = *result ? 1.0 : 0.0;
          owned_bits.back()[row / 64] |= uint64_t{1} << (row % 64);
        }
      }
    }
    values.push_back(owned_values.back().data());
    validity.push_back(owned_bits.back().data());
  }
  frame::FrameView view{values.data(), validity.data(), rows, values.size()};
  out.rows = rows;
  out.conditions.resize(ir_.conditions.size());
  for (size_t c = 0; c < ir_.conditions.size(); ++c) {
    out.conditions[c].resize(rows);
    if (jit_) {
      jit_->function(c)(&view, out.conditions[c].data(), rows);
    } else {
      interp::Evaluate(ir_.conditions[c], view, out.conditions[c].data());
    }
  }
}

}  // namespace stitch
