#pragma once
// Error reporting for the public API of `core` and `inference`: every fallible function returns Result<T>,
// a value or an Error carrying a code, a message a user can act on, and the context it happened in
// (a file path, a DICOM tag, a tensor name). Exceptions never cross a public function of these modules.
// Thread-safety: value types; no shared state.

#include <string>
#include <utility>
#include <variant>

namespace dinolens::core {

enum class ErrorCode {
    NotFound, // a file or folder does not exist
    Unreadable, // exists but cannot be opened or read (permissions, IO error)
    InvalidFormat, // not the format it claims to be, or internally inconsistent
    Truncated, // ends before the data its header announces
    UnsupportedFormat, // valid but a variant we cannot decode (e.g. an unknown transfer syntax)
    TooLarge, // a header claims more data than the configured limit; refused before allocation
    InvalidArgument, // a caller passed an impossible value
    Unwritable, // cannot create or write an output file or folder
    Cancelled, // the user cancelled; a normal outcome, not a failure
    TimedOut, // a time limit passed before the work finished (a request deadline, a PACS answer)
    Unavailable, // a service is busy, loading or shutting down; the same request may succeed later
    Internal, // a bug or an unexpected library failure
};

/// Stable lower-case name of a code, used in JSON output and logs ("not_found", "too_large", ...).
const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message; // what went wrong and, where possible, what to do about it
    std::string context; // where: a file path, "file.dcm (0028,0010)", a tensor name; may be empty

    /// "context: message" or just the message.
    std::string toString() const;
};

inline Error makeError(ErrorCode code, std::string message, std::string context = {})
{
    return Error { code, std::move(message), std::move(context) };
}

/// A value of type T or an error E (core's Error unless a module at an edge needs its own, such as the server's
/// HTTP error). Deliberately small: the subset of C++23 std::expected the project uses.
template <typename T, typename E = Error> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    } // NOLINT(google-explicit-constructor)
    Result(E error)
        : m_state(std::in_place_index<1>, std::move(error))
    {
    } // NOLINT(google-explicit-constructor)

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const { return std::get<1>(m_state); }

private:
    std::variant<T, E> m_state;
};

/// Result of an operation that produces no value.
struct Unit { };
using Status = Result<Unit>;
inline Status okStatus()
{
    return Unit {};
}

/// True when `result` holds the error Cancelled: a normal end, not a failure to report.
template <typename T> bool isCancelled(const Result<T>& result)
{
    return !result.ok() && result.error().code == ErrorCode::Cancelled;
}

} // namespace dinolens::core
