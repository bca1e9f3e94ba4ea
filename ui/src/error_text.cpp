#include "error_text.h"

#include <QCoreApplication>

namespace dinolens::ui {
namespace {

QString summary(core::ErrorCode code)
{
    const char* context = "ErrorText";
    switch (code) {
    case core::ErrorCode::NotFound:
        return QCoreApplication::translate(context, "Not found");
    case core::ErrorCode::Unreadable:
        return QCoreApplication::translate(context, "Cannot read the file");
    case core::ErrorCode::InvalidFormat:
        return QCoreApplication::translate(context, "Not a valid file");
    case core::ErrorCode::Truncated:
        return QCoreApplication::translate(context, "The file is truncated");
    case core::ErrorCode::UnsupportedFormat:
        return QCoreApplication::translate(context, "Unsupported format");
    case core::ErrorCode::TooLarge:
        return QCoreApplication::translate(context, "Too large to open");
    case core::ErrorCode::InvalidArgument:
        return QCoreApplication::translate(context, "Invalid request");
    case core::ErrorCode::Unwritable:
        return QCoreApplication::translate(context, "Cannot write");
    case core::ErrorCode::Cancelled:
        return QCoreApplication::translate(context, "Cancelled");
    case core::ErrorCode::TimedOut:
        return QCoreApplication::translate(context, "Timed out");
    case core::ErrorCode::Unavailable:
        return QCoreApplication::translate(context, "Service unavailable");
    case core::ErrorCode::Internal:
        return QCoreApplication::translate(context, "Internal error");
    }
    return {};
}

} // namespace

QString userMessage(const core::Error& error)
{
    QString text = summary(error.code);
    if (!error.context.empty()) {
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(error.context));
    }
    return text + QStringLiteral(": ") + QString::fromStdString(error.message);
}

} // namespace dinolens::ui
