#include "upload_reader.h"

#include "guarded_http_server.h"

namespace dinolens::server {
namespace {

// Counts body bytes; false once the limit is passed, which stops cpp-httplib reading.
class ByteBudget {
public:
    explicit ByteBudget(std::size_t limit)
        : m_left(limit)
    {
    }
    bool take(std::size_t bytes)
    {
        if (bytes > m_left) {
            m_exceeded = true;
            return false;
        }
        m_left -= bytes;
        return true;
    }
    bool exceeded() const { return m_exceeded; }

private:
    std::size_t m_left;
    bool m_exceeded = false;
};

} // namespace

const UploadPart* Upload::part(const std::string& name) const
{
    for (const UploadPart& candidate : parts) {
        if (candidate.name == name) {
            return &candidate;
        }
    }
    return nullptr;
}

HttpResult<Upload> readUpload(const httplib::Request& request, httplib::Response& response,
    const httplib::ContentReader& reader, const UploadLimits& limits)
{
    Upload upload;
    upload.multipart = request.is_multipart_form_data();
    upload.contentType = request.get_header_value("Content-Type");
    ByteBudget budget(limits.maxBytes);
    bool tooManyParts = false;
    bool read = false;
    if (upload.multipart) {
        read = reader(
            [&](const httplib::MultipartFormData& header) {
                if (upload.parts.size() >= limits.maxParts) {
                    tooManyParts = true;
                    return false;
                }
                if (!budget.take(header.name.size() + header.filename.size() + header.content_type.size())) {
                    return false;
                }
                upload.parts.push_back({ static_cast<int>(upload.parts.size()) + 1, header.name, header.filename,
                    header.content_type, {} });
                return true;
            },
            [&](const char* data, std::size_t length) {
                if (upload.parts.empty() || !budget.take(length)) {
                    return false;
                }
                upload.parts.back().bytes.append(data, length);
                return true;
            });
    } else {
        read = reader([&](const char* data, std::size_t length) {
            if (!budget.take(length)) {
                return false;
            }
            upload.body.append(data, length);
            return true;
        });
    }
    if (read) {
        return upload;
    }
    closeConnectionAfterResponse(response);
    const RequestStream* stream = currentRequestStream();
    if (budget.exceeded() || (stream != nullptr && stream->progress().budgetExceeded)) {
        return HttpError { 413, "payload_too_large",
            "the request body exceeds the server's limit of " + std::to_string(limits.maxBytes) + " bytes" };
    }
    if (tooManyParts) {
        return HttpError { 413, "too_many_parts",
            "the multipart upload has more than " + std::to_string(limits.maxParts) + " parts" };
    }
    if (stream != nullptr && stream->progress().deadlinePassed) {
        return HttpError { 408, "request_timeout", "the request body did not arrive within the server's time limit" };
    }
    return HttpError { 400, "malformed_body",
        "the request body cannot be read (broken chunked framing or multipart structure, or the client stopped)" };
}

} // namespace dinolens::server
