#include "util/file.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace util {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw EnvironmentError("could not " + what + " " + path.string() + ": " +
                         std::strerror(errno) + ". Check the folder's permissions and free disk space.");
}

// Owns a file descriptor; closes it unless released.
class Fd {
public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  int release() {
    int fd = m_fd;
    m_fd = -1;
    return fd;
  }

private:
  int m_fd;
};

} // namespace

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || !std::filesystem::exists(path)) {
      return std::nullopt;
    }
    fail("read", path);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      errno = ec.value();
      fail("create the folder for", path);
    }
  }
  std::string temp = path.string() + ".tmp-XXXXXX";
  Fd fd(mkstemp(temp.data()));
  if (fd.get() < 0) {
    fail("create a file beside", path);
  }
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(fd.get(), data, left);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      int saved = errno;
      ::unlink(temp.c_str());
      errno = saved;
      fail("write", path);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  ::fchmod(fd.get(), 0644);
  if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail("write", path);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail("replace", path);
  }
}

} // namespace util
