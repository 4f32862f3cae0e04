#include "Args.h"

#include <algorithm>
#include <iostream>

namespace stitch::cli {

ArgParser::ArgParser(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {
  Flag("--help", nullptr, "show this help and exit");
}

void ArgParser::Flag(std::string name, bool* out, std::string help) {
  specs_.push_back({Spec::kFlag, std::move(name), "", std::move(help), {}, out});
}

void ArgParser::Option(std::string name, std::string* out, std::string metavar, std::string help,
                       std::vector<std::string> choices) {
  Spec spec{Spec::kOption, std::move(name), std::move(metavar), std::move(help),
            std::move(choices)};
  spec.value = out;
  specs_.push_back(std::move(spec));
}

void ArgParser::Repeated(std::string name, std::vector<std::string>* out, std::string metavar,
                         std::string help) {
  Spec spec{Spec::kRepeated, std::move(name), std::move(metavar), std::move(help), {}};
  spec.values = out;
  specs_.push_back(std::move(spec));
}

void ArgParser::Positionals(std::vector<std::string>* out, std::string metavar, std::string help,
                            size_t min) {
  positionals_ = out;
  positional_metavar_ = std::move(metavar);
  positional_help_ = std::move(help);
  positional_min_ = min;
}

const ArgParser::Spec* ArgParser::Find(std::string_view name) const {
  for (const Spec& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

int ArgParser::UsageError(const std::string& message) const {
  std::cerr << "stitch " << command_ << ": error: " << message << "\n"
            << "try `stitch " << command_ << " --help`\n";
  return kExitUsage;
}

std::optional<int> ArgParser::Parse(const std::vector<std::string>& args) {
  bool only_positionals = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      if (!positionals_) return UsageError("unexpected argument `" + arg + "`");
      positionals_->push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const Spec* spec = Find(name);
    if (!spec) return UsageError("unknown option `" + name + "`");
    if (spec->name == "--help") {
      std::cout << Help();
      return kExitOk;
    }
    if (spec->kind == Spec::kFlag) {
      if (inline_value) return UsageError("option `" + name + "` takes no value");
      *spec->flag = true;
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError("option `" + name + "` needs a value " + spec->metavar);
    }
    if (!spec->choices.empty() &&
        std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end()) {
      std::string list;
      for (const std::string& c : spec->choices) list += (list.empty() ? "" : ", ") + c;
      return UsageError("option `" + name + "` must be one of " + list + ", not `" + value + "`");
    }
    if (spec->kind == Spec::kOption) {
      *spec->value = value;
    } else {
      spec->values->push_back(value);
    }
  }
  if (positionals_ && positionals_->size() < positional_min_) {
    return UsageError("missing " + positional_metavar_);
  }
  return std::nullopt;
}

std::string ArgParser::Help() const {
  std::string out = "usage: stitch " + command_ + " [options]";
  if (positionals_) {
    out += positional_min_ ? " " + positional_metavar_ + "..." : " [" + positional_metavar_ + "...]";
  }
  out += "\n\n" + summary_ + "\n";
  if (positionals_) out += "\n  " + positional_metavar_ + "\n      " + positional_help_ + "\n";
  out += "\noptions:\n";
  for (const Spec& spec : specs_) {
    std::string head = spec.name;
    if (!spec.metavar.empty()) head += " " + spec.metavar;
    out += "  " + head + "\n      " + spec.help;
    if (!spec.choices.empty()) {
      out += " (";
      for (size_t i = 0; i < spec.choices.size(); ++i) out += (i ? "|" : "") + spec.choices[i];
      out += ")";
    }
    if (spec.kind == Spec::kRepeated) out += "; may be repeated";
    out += "\n";
  }
  return out;
}

}  // namespace stitch::cli
