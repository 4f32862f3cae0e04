// A small, strict command-line parser shared by every `stitch` command.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stitch::cli {

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the input has errors, a test failed, ...
inline constexpr int kExitUsage = 2;   // bad flags or arguments

// Declares a command's flags, then parses its argument list. Unknown flags, missing values
// and bad choices are usage errors (exit 2) with a message naming the flag.
class ArgParser {
 public:
  ArgParser(std::string command, std::string summary);

  void Flag(std::string name, bool* out, std::string help);
  void Option(std::string name, std::string* out, std::string metavar, std::string help,
              std::vector<std::string> choices = {});
  void Repeated(std::string name, std::vector<std::string>* out, std::string metavar,
                std::string help);
  // Positional arguments; `min` of them are required.
  void Positionals(std::vector<std::string>* out, std::string metavar, std::string help,
                   size_t min = 1);

  // Returns an exit code when the command must stop now (after --help: 0; usage error: 2,
  // message already printed to stderr); std::nullopt when the command should run.
  std::optional<int> Parse(const std::vector<std::string>& args);
  std::string Help() const;

 private:
  struct Spec {
    enum Kind { kFlag, kOption, kRepeated } kind;
    std::string name, metavar, help;
    std::vector<std::string> choices;
    bool* flag = nullptr;
    std::string* value = nullptr;
    std::vector<std::string>* values = nullptr;
  };
  const Spec* Find(std::string_view name) const;
  int UsageError(const std::string& message) const;

  std::string command_, summary_;
  std::vector<Spec> specs_;
  std::vector<std::string>* positionals_ = nullptr;
  std::string positional_metavar_, positional_help_;
  size_t positional_min_ = 0;
};

}  // namespace stitch::cli
