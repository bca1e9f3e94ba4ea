// Terminal output of the training commands.
#include "training_progress.h"

#include <unistd.h>

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "training_commands.h"

namespace dinolens::app {

namespace {

core::CancelToken* g_interrupt = nullptr;
std::atomic<bool> g_stopWaiting { false };

extern "C" void onInterrupt(int)
{
    if (g_interrupt != nullptr) {
        g_interrupt->cancel();
    }
}

sigset_t interruptSet()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    return set;
}

} // namespace

InterruptCancels::InterruptCancels(core::CancelToken& token)
{
    g_interrupt = &token;
    g_stopWaiting = false;
    std::signal(SIGINT, onInterrupt);
    const sigset_t set = interruptSet();
    pthread_sigmask(SIG_BLOCK, &set, &m_previousMask);
    m_waiter = std::thread([token]() mutable {
        const sigset_t waited = interruptSet();
        int signal = 0;
        while (sigwait(&waited, &signal) == 0) {
            if (g_stopWaiting) {
                return;
            }
            token.cancel();
        }
    });
}

InterruptCancels::~InterruptCancels()
{
    g_stopWaiting = true;
    pthread_kill(m_waiter.native_handle(), SIGINT);
    m_waiter.join();
    pthread_sigmask(SIG_SETMASK, &m_previousMask, nullptr);
    std::signal(SIGINT, SIG_DFL);
    g_interrupt = nullptr;
}

ProgressBar::ProgressBar(int epochs)
    : m_epochs(epochs)
    , m_tty(isatty(fileno(stderr)) != 0)
{
}

void ProgressBar::step(const inference::TrainingStepMetrics& m)
{
    const auto now = std::chrono::steady_clock::now();
    if (m_stepsDone == 0) {
        m_start = now;
    }
    ++m_stepsDone;
    const bool last = m.step + 1 == m.stepsPerEpoch;
    // A terminal gets a bar redrawn in place; a log file (a run in the background) a plain line once a minute.
    const auto interval = m_tty ? std::chrono::milliseconds(200) : std::chrono::milliseconds(60000);
    if (!m_tty && m_stepsDone == 1) {
        m_last = now; // the first line after a minute of steps
    }
    const bool due = now - m_last >= interval;
    if (m_tty ? !last && !due : !due) {
        return;
    }
    m_last = now;
    const long long remaining
        = static_cast<long long>(m_epochs - m.epoch - 1) * m.stepsPerEpoch + (m.stepsPerEpoch - m.step - 1);
    const double perStep = std::chrono::duration<double>(now - m_start).count() / static_cast<double>(m_stepsDone);
    if (!m_tty) {
        std::fprintf(stderr, "epoch %d/%d step %d/%d loss %.4f lr %.2e ETA %s\n", m.epoch + 1, m_epochs, m.step + 1,
            m.stepsPerEpoch, m.loss, m.learningRate, formatDuration(perStep * static_cast<double>(remaining)).c_str());
        std::fflush(stderr);
        return;
    }
    constexpr int kWidth = 24;
    const int filled = (m.step + 1) * kWidth / m.stepsPerEpoch;
    std::fprintf(stderr, "\repoch %d/%d [%s%s] %d/%d loss %.4f lr %.2e ETA %s   ", m.epoch + 1, m_epochs,
        std::string(static_cast<size_t>(filled), '#').c_str(),
        std::string(static_cast<size_t>(kWidth - filled), '.').c_str(), m.step + 1, m.stepsPerEpoch, m.loss,
        m.learningRate, formatDuration(perStep * static_cast<double>(remaining)).c_str());
    if (last) {
        std::fprintf(stderr, "\n");
    }
}

void printEpoch(const inference::TrainingEpochMetrics& m, int epochs)
{
    std::printf("epoch %d/%d: loss %.4f (ce %.4f, dice %.4f), lr %.2e, train Dice glioma %.3f meningioma %.3f "
                "pituitary %.3f, %.1f s",
        m.epoch + 1, epochs, m.loss, m.crossEntropy, m.diceLoss, m.learningRate, m.trainDice[1], m.trainDice[2],
        m.trainDice[3], m.seconds);
    if (m.validImages > 0) {
        std::printf("; valid loss %.4f, Dice glioma %.3f meningioma %.3f pituitary %.3f, image Dice %.3f "
                    "(%d images, %.1f s)",
            m.validLoss, m.validDice[1], m.validDice[2], m.validDice[3], m.validImageDice, m.validImages,
            m.validSeconds);
    }
    std::printf("\n");
    std::fflush(stdout);
}

inference::TrainingCallbacks terminalTrainingCallbacks(int epochs)
{
    auto bar = std::make_shared<ProgressBar>(epochs);
    inference::TrainingCallbacks callbacks;
    callbacks.onStep = [bar](const inference::TrainingStepMetrics& m) { bar->step(m); };
    callbacks.onEpoch = [epochs](const inference::TrainingEpochMetrics& m) { printEpoch(m, epochs); };
    return callbacks;
}

} // namespace dinolens::app
