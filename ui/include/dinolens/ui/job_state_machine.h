#pragma once
// The background-job life cycle of architecture.md: Idle -> Scheduled -> Running -> Cancelling ->
// Cancelled | Completed | Failed, refusing any other move. Toolkit-free so that it is tested alone.
// Ownership: plain value. Thread-safety: none (GUI thread of its owner).

#include "dinolens/core/progress.h"

namespace dinolens::ui {

class JobStateMachine {
public:
    core::JobState state() const { return m_state; }
    /// True while a job is scheduled, running or cancelling.
    bool isActive() const;
    /// Moves to `next` when the life cycle allows it; false (state unchanged) otherwise.
    bool moveTo(core::JobState next);
    static bool isAllowed(core::JobState from, core::JobState to);

private:
    core::JobState m_state = core::JobState::Idle;
};

/// "Idle", "Scheduled", ... (untranslated; the ui translates for display).
const char* jobStateName(core::JobState state);

} // namespace dinolens::ui
