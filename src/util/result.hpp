#pragma once

#include <string>
#include <utility>
#include <variant>

namespace util {

// An expected failure as a value: either a T or an error E (by default a message).
// A small stand-in for std::expected, which Clang 14 with libstdc++ 12 lacks. The
// caller decides whether a failure is worth an exception.
template <typename T, typename E = std::string>
class [[nodiscard]] Result {
public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit by design
  static Result failure(E error) { return Result(std::in_place_index<1>, std::move(error)); }

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(m_state); }
  T& value() & { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(m_state); }

private:
  template <std::size_t I, typename V>
  Result(std::in_place_index_t<I> index, V&& v) : m_state(index, std::forward<V>(v)) {}
  std::variant<T, E> m_state;
};

} // namespace util
