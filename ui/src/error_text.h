#pragma once
// Maps core errors to translated text for the window. Private to ui. Thread-safety: GUI thread (uses tr()).

#include <QString>

#include "dinolens/core/result.h"

namespace dinolens::ui {

/// "Cannot read <file>: <reason>" style text, with a translated summary per error code.
QString userMessage(const core::Error& error);

} // namespace dinolens::ui
