#pragma once
// Terminal output of the training commands (train, compare): a progress bar on stderr when it is a terminal
// (loss, learning rate, ETA), and one line per finished epoch on stdout.

#include <csignal>

#include <chrono>
#include <thread>

#include "dinolens/inference/trainer.h"

namespace dinolens::app {

class ProgressBar {
public:
    explicit ProgressBar(int epochs);
    void step(const inference::TrainingStepMetrics& m);

private:
    int m_epochs;
    bool m_tty;
    long long m_stepsDone = 0;
    std::chrono::steady_clock::time_point m_start {};
    std::chrono::steady_clock::time_point m_last {};
};

/// One line: train loss terms, learning rate, train Dice per tumour class, and the validation loss and Dice when
/// the epoch was validated.
void printEpoch(const inference::TrainingEpochMetrics& m, int epochs);

/// While alive, Ctrl-C (SIGINT) cancels `token` instead of killing the process, so that a training run stops after
/// the batch in progress and keeps its last checkpoint. One at a time.
/// SIGINT is blocked in the constructing thread and in the threads it starts afterwards (construct it before the
/// model is loaded), and a dedicated thread takes it with sigwait: no handler interrupts the compute kernels, whose
/// JIT code is not safe to interrupt. Threads started earlier fall back on a handler that only sets the flag.
class InterruptCancels {
public:
    explicit InterruptCancels(core::CancelToken& token);
    ~InterruptCancels();
    InterruptCancels(const InterruptCancels&) = delete;
    InterruptCancels& operator=(const InterruptCancels&) = delete;

private:
    sigset_t m_previousMask {};
    std::thread m_waiter;
};

/// Callbacks that drive a progress bar and print each epoch.
inference::TrainingCallbacks terminalTrainingCallbacks(int epochs);

} // namespace dinolens::app
