#pragma once

// Running a program as a user would, for end-to-end tests: no shell is involved (arguments reach the
// program byte for byte, whatever they contain), stdin is /dev/null, and nothing waits forever.
//
// Header-only on purpose: tests/CMakeLists.txt builds every `*_test.cpp` into one executable, so a helper
// that is included, not listed, needs no build change in each test that uses it.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace openmsp::test {

/// What a finished process left behind.
struct ProcessResult {
  int exit_code =
      -1;           ///< its exit status, or 128 + the signal number when a signal ended it (as a shell says)
  std::string out;  ///< everything it wrote to stdout
  std::string err;  ///< everything it wrote to stderr
  bool timed_out = false;  ///< it outlived the timeout and was killed with SIGKILL
};

namespace process_internal {

inline int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

inline std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  pointers.reserve(argv.size() + 1);
  for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// Owns a posix_spawn_file_actions_t for one spawn.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;

  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

// Waits for `pid` until `deadline`; SIGKILLs it after that. Returns the exit code and whether it was killed.
inline std::pair<int, bool> WaitUntil(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return {ExitCodeOf(status), false};
    if (done < 0 && errno != EINTR) return {-1, false};
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {ExitCodeOf(status), true};
}

}  // namespace process_internal

/// Runs `argv[0]` (a path; PATH is not searched) with arguments `argv`, waits until it ends and returns its
/// exit code and output. A process still running after `timeout` is killed (`timed_out` is then set). When
/// the program cannot be started, the result has exit code 127 and the reason in `err`.
inline ProcessResult RunProcess(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  ProcessResult result;
  std::array<int, 2> out_pipe = {-1, -1};
  std::array<int, 2> err_pipe = {-1, -1};
  if (argv.empty() || pipe2(out_pipe.data(), O_CLOEXEC) != 0 || pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    for (int fd : {out_pipe[0], out_pipe[1]}) {
      if (fd >= 0) close(fd);
    }
    result.exit_code = 127;
    result.err = "cannot create pipes or no program given";
    return result;
  }
  process_internal::FileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), err_pipe[1], STDERR_FILENO);
  pid_t pid = 0;
  std::vector<char*> args = process_internal::ArgvOf(argv);
  const int spawned = posix_spawn(&pid, argv[0].c_str(), actions.get(), nullptr, args.data(), environ);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.exit_code = 127;
    result.err = "cannot start " + argv[0] + ": " + std::strerror(spawned);
    return result;
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<pollfd, 2> fds = {{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      std::array<char, 4096> buffer{};
      const ssize_t got = read(fds[i].fd, buffer.data(), buffer.size());
      if (got > 0) {
        sinks[i]->append(buffer.data(), static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (const pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  const auto [exit_code, killed] = process_internal::WaitUntil(pid, deadline);
  result.exit_code = exit_code;
  result.timed_out = killed;
  return result;
}

/// Starts `argv[0]` with arguments `argv` in the background and returns its pid, for a test that talks to
/// it (a server) and stops it with `StopProcess`. Its stdout and stderr are appended to `log_path`, or go
/// to the test's own when `log_path` is empty; stdin is /dev/null. Throws std::runtime_error when the
/// program cannot be started, which fails the test that asked.
inline pid_t StartProcess(const std::vector<std::string>& argv, const std::string& log_path = "") {
  if (argv.empty()) throw std::runtime_error("StartProcess: no program given");
  process_internal::FileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!log_path.empty()) {
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = 0;
  std::vector<char*> args = process_internal::ArgvOf(argv);
  const int spawned = posix_spawn(&pid, argv[0].c_str(), actions.get(), nullptr, args.data(), environ);
  if (spawned != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(spawned));
  return pid;
}

/// Sends `signal_number` to `pid` (a child started with `StartProcess`) and waits for it to end, SIGKILLing
/// it after `timeout`. Returns its exit code as `ProcessResult::exit_code` does (128 + 15 after a SIGTERM it
/// did not handle).
inline int StopProcess(pid_t pid, int signal_number = SIGTERM,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  kill(pid, signal_number);
  return process_internal::WaitUntil(pid, std::chrono::steady_clock::now() + timeout).first;
}

/// Everything in the file at `path` (empty when it cannot be read): a started process's log.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

/// What `openmsp serve` (and `openmsp cpo-sim`) print once they listen; the group is the port.
inline const std::string kListeningLine = "listening on http://127\\.0\\.0\\.1:([0-9]+) ";

/// Waits up to 30 s for the log at `log` to hold `pattern`, whose first group is a port, and answers the
/// port; throws with the log when it never comes.
inline std::uint16_t PortFromLog(const std::filesystem::path& log, const std::string& pattern = kListeningLine) {
  const std::regex line(pattern);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string text = ReadFile(log);
    if (std::regex_search(text, match, line)) return static_cast<std::uint16_t>(std::stoi(match[1]));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("no start line within 30 s; log: " + ReadFile(log));
}

}  // namespace openmsp::test
