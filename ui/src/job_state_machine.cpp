#include "dinolens/ui/job_state_machine.h"

namespace dinolens::ui {

using core::JobState;

bool JobStateMachine::isActive() const
{
    return m_state == JobState::Scheduled || m_state == JobState::Running || m_state == JobState::Cancelling;
}

bool JobStateMachine::moveTo(JobState next)
{
    if (!isAllowed(m_state, next)) {
        return false;
    }
    m_state = next;
    return true;
}

bool JobStateMachine::isAllowed(JobState from, JobState to)
{
    switch (from) {
    case JobState::Idle:
    case JobState::Cancelled:
    case JobState::Completed:
    case JobState::Failed:
        return to == JobState::Scheduled || (to == JobState::Idle && from != JobState::Idle);
    case JobState::Scheduled:
        return to == JobState::Running || to == JobState::Cancelling || to == JobState::Failed;
    case JobState::Running:
        return to == JobState::Cancelling || to == JobState::Completed || to == JobState::Failed;
    case JobState::Cancelling:
        return to == JobState::Cancelled || to == JobState::Completed || to == JobState::Failed;
    }
    return false;
}

const char* jobStateName(JobState state)
{
    switch (state) {
    case JobState::Idle:
        return "Idle";
    case JobState::Scheduled:
        return "Scheduled";
    case JobState::Running:
        return "Running";
    case JobState::Cancelling:
        return "Cancelling";
    case JobState::Cancelled:
        return "Cancelled";
    case JobState::Completed:
        return "Completed";
    case JobState::Failed:
        return "Failed";
    }
    return "";
}

} // namespace dinolens::ui
