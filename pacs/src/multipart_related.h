#pragma once
// multipart/related bodies (RFC 2387) as WADO-RS answers and STOW-RS requests use them. Debian has no library that
// streams them (libmimetic parses whole messages into memory), so this is a small parser fed chunk by chunk as the
// answer arrives, handing each part over as soon as its closing boundary is seen, and a builder.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::pacs::detail {

/// The value of a parameter of a Content-Type header ("boundary", "type"), unquoted; empty when absent.
std::string contentTypeParameter(std::string_view contentType, std::string_view name);
/// The media type of a Content-Type header, lower case, without parameters ("multipart/related").
std::string mediaType(std::string_view contentType);

struct MultipartPart {
    std::string contentType; // of the part; empty when the part has none
    std::string body;
};

class MultipartParser {
public:
    /// `onPart` may return an error, which stops the parse and is returned by feed().
    MultipartParser(
        std::string boundary, std::uint64_t maxPartBytes, std::function<core::Status(MultipartPart&&)> onPart);

    /// Parses the next bytes. Errors: InvalidFormat (no boundary line, bad part headers), TooLarge, or onPart's.
    core::Status feed(std::string_view bytes);
    /// After the last byte. Errors: Truncated (the closing boundary never came).
    core::Status finish() const;
    int partCount() const { return m_parts; }

private:
    enum class State { Preamble, AfterBoundary, Headers, Body, Done };
    core::Status step(bool& progressed);
    core::Status readPreamble(bool& progressed);
    core::Status readAfterBoundary(bool& progressed);
    core::Status readHeaders(bool& progressed);
    core::Status readBody(bool& progressed);
    core::Status completePart(bool& progressed);

    std::string m_delimiter; // "\r\n--boundary"
    std::uint64_t m_maxPartBytes;
    std::function<core::Status(MultipartPart&&)> m_onPart;
    State m_state = State::Preamble;
    std::string m_buffer;
    MultipartPart m_part;
    bool m_atPartStart = false;
    int m_parts = 0;
};

/// A multipart/related body of DICOM files and the matching Content-Type header value.
struct MultipartBody {
    std::string contentType;
    std::string body;
};
MultipartBody buildDicomMultipart(const std::vector<std::string_view>& files);

} // namespace dinolens::pacs::detail
