#include "dinolens/core/result.h"

namespace dinolens::core {

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::Unreadable:
        return "unreadable";
    case ErrorCode::InvalidFormat:
        return "invalid_format";
    case ErrorCode::Truncated:
        return "truncated";
    case ErrorCode::UnsupportedFormat:
        return "unsupported_format";
    case ErrorCode::TooLarge:
        return "too_large";
    case ErrorCode::InvalidArgument:
        return "invalid_argument";
    case ErrorCode::Unwritable:
        return "unwritable";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::TimedOut:
        return "timed_out";
    case ErrorCode::Unavailable:
        return "unavailable";
    case ErrorCode::Internal:
        return "internal";
    }
    return "internal";
}

std::string Error::toString() const
{
    return context.empty() ? message : context + ": " + message;
}

} // namespace dinolens::core
