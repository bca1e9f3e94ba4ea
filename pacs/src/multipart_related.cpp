#include "multipart_related.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

std::string lowerCase(std::string_view text)
{
    std::string lower(text);
    std::transform(
        lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

} // namespace

std::string mediaType(std::string_view contentType)
{
    return lowerCase(trimmed(contentType.substr(0, contentType.find(';'))));
}

std::string contentTypeParameter(std::string_view contentType, std::string_view name)
{
    std::size_t position = contentType.find(';');
    while (position != std::string_view::npos) {
        const std::size_t next = contentType.find(';', position + 1);
        const std::string_view parameter = contentType.substr(position + 1, next - position - 1);
        const std::size_t equals = parameter.find('=');
        if (equals != std::string_view::npos && lowerCase(trimmed(parameter.substr(0, equals))) == name) {
            std::string_view value = trimmed(parameter.substr(equals + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
        position = next;
    }
    return {};
}

MultipartParser::MultipartParser(
    std::string boundary, std::uint64_t maxPartBytes, std::function<core::Status(MultipartPart&&)> onPart)
    : m_delimiter("\r\n--" + boundary)
    , m_maxPartBytes(maxPartBytes)
    , m_onPart(std::move(onPart))
    // The first boundary may open the body without a preceding line break.
    , m_buffer("\r\n")
{
}

core::Status MultipartParser::feed(std::string_view bytes)
{
    m_buffer.append(bytes);
    bool progressed = true;
    while (progressed && m_state != State::Done) {
        progressed = false;
        if (auto status = step(progressed); !status) {
            return status;
        }
    }
    return core::okStatus();
}

core::Status MultipartParser::finish() const
{
    if (m_state != State::Done) {
        return makeError(ErrorCode::Truncated,
            "the multipart answer ended before its closing boundary (" + std::to_string(m_parts) + " parts read)");
    }
    return core::okStatus();
}

core::Status MultipartParser::step(bool& progressed)
{
    switch (m_state) {
    case State::Preamble:
        return readPreamble(progressed);
    case State::AfterBoundary:
        return readAfterBoundary(progressed);
    case State::Headers:
        return readHeaders(progressed);
    case State::Body:
        return readBody(progressed);
    case State::Done:
        break;
    }
    return core::okStatus();
}

core::Status MultipartParser::readPreamble(bool& progressed)
{
    const std::size_t found = m_buffer.find(m_delimiter);
    if (found == std::string::npos) {
        if (m_buffer.size() > kMaxHeaderBytes) {
            return makeError(ErrorCode::InvalidFormat, "no multipart boundary in the first bytes of the answer");
        }
        return core::okStatus();
    }
    m_buffer.erase(0, found + m_delimiter.size());
    m_state = State::AfterBoundary;
    progressed = true;
    return core::okStatus();
}

core::Status MultipartParser::readAfterBoundary(bool& progressed)
{
    if (m_buffer.size() < 2) {
        return core::okStatus();
    }
    if (m_buffer.compare(0, 2, "--") == 0) {
        m_state = State::Done;
        m_buffer.clear();
        return core::okStatus();
    }
    // Transport padding (spaces, tabs) may follow a boundary before its line break.
    const std::size_t lineEnd = m_buffer.find("\r\n");
    if (lineEnd == std::string::npos) {
        return m_buffer.size() > kMaxHeaderBytes
            ? core::Status(makeError(ErrorCode::InvalidFormat, "a multipart boundary line does not end"))
            : core::okStatus();
    }
    m_buffer.erase(0, lineEnd + 2);
    m_part = MultipartPart {};
    m_state = State::Headers;
    progressed = true;
    return core::okStatus();
}

core::Status MultipartParser::readHeaders(bool& progressed)
{
    // An empty header block is a bare "\r\n"; otherwise headers end with a blank line.
    std::size_t end = m_buffer.compare(0, 2, "\r\n") == 0 ? 0 : m_buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
        return m_buffer.size() > kMaxHeaderBytes
            ? core::Status(makeError(ErrorCode::InvalidFormat, "the headers of a multipart part do not end"))
            : core::okStatus();
    }
    const std::string_view headers(m_buffer.data(), end);
    std::size_t lineStart = 0;
    while (lineStart < headers.size()) {
        std::size_t lineEnd = headers.find("\r\n", lineStart);
        lineEnd = lineEnd == std::string_view::npos ? headers.size() : lineEnd;
        const std::string_view line = headers.substr(lineStart, lineEnd - lineStart);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && lowerCase(trimmed(line.substr(0, colon))) == "content-type") {
            m_part.contentType = std::string(trimmed(line.substr(colon + 1)));
        }
        lineStart = lineEnd + 2;
    }
    m_buffer.erase(0, end == 0 ? 2 : end + 4);
    m_atPartStart = true;
    m_state = State::Body;
    progressed = true;
    return core::okStatus();
}

core::Status MultipartParser::readBody(bool& progressed)
{
    if (m_atPartStart) {
        // A part whose body is empty may be followed by the boundary without a line break of its own.
        const std::string_view bareDelimiter = std::string_view(m_delimiter).substr(2);
        if (m_buffer.size() < bareDelimiter.size()) {
            return core::okStatus();
        }
        m_atPartStart = false;
        if (m_buffer.compare(0, bareDelimiter.size(), bareDelimiter) == 0) {
            m_buffer.erase(0, bareDelimiter.size());
            return completePart(progressed);
        }
    }
    const std::size_t found = m_buffer.find(m_delimiter);
    // Without a delimiter, its first bytes may be at the end of the buffer: those stay for the next feed.
    const std::size_t available = found != std::string::npos ? found
        : m_buffer.size() > m_delimiter.size()               ? m_buffer.size() - m_delimiter.size()
                                                             : 0;
    m_part.body.append(m_buffer, 0, available);
    m_buffer.erase(0, available);
    if (m_part.body.size() > m_maxPartBytes) {
        return makeError(ErrorCode::TooLarge,
            "a multipart part is larger than the limit of " + std::to_string(m_maxPartBytes) + " bytes");
    }
    if (found == std::string::npos) {
        return core::okStatus();
    }
    m_buffer.erase(0, m_delimiter.size());
    return completePart(progressed);
}

core::Status MultipartParser::completePart(bool& progressed)
{
    ++m_parts;
    if (auto handled = m_onPart(std::move(m_part)); !handled) {
        return handled;
    }
    m_part = MultipartPart {};
    m_state = State::AfterBoundary;
    progressed = true;
    return core::okStatus();
}

MultipartBody buildDicomMultipart(const std::vector<std::string_view>& files)
{
    static std::atomic<unsigned> counter { 0 };
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string boundary = "DinoLens-" + std::to_string(now) + "-" + std::to_string(counter++);
    MultipartBody body;
    body.contentType = "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    std::size_t size = 0;
    for (const std::string_view file : files) {
        size += file.size() + boundary.size() + 64;
    }
    body.body.reserve(size + boundary.size() + 8);
    for (const std::string_view file : files) {
        body.body += "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
        body.body.append(file);
        body.body += "\r\n";
    }
    body.body += "--" + boundary + "--\r\n";
    return body;
}

} // namespace dinolens::pacs::detail
