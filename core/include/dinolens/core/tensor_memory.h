#pragma once
// The C allocator's settings for programs that run the network. Every layer of every batch allocates and frees
// tensors of several MiB; glibc serves blocks over its (adaptive, 128 KiB to start) mmap threshold with a fresh
// mmap and returns them with munmap, and trims the top of its heap whenever 128 KiB lie free there, so each batch
// faults its memory in again. Measured on this machine (2 threads): `dinolens-cli segment` on mricron's ch2 (579
// slices fused over three planes) 17.8 s wall, 6.1 s of it in the kernel, by default, 12.1 s and 0.8 s with these
// settings (peak RSS 372 -> 382 MB); a training step of the demo backbone (batch 16, 224 px, --augment-mri)
// 7.5 s -> 4.3 s.
// The command line and the viewer call it. The server does not: memory kept in the heap stays with the process,
// and the server must give back what a burst of large or hostile uploads took (tst_server_hostile_bodies).
// Thread-safety: call first thing in main(), before any thread starts.

namespace dinolens::core {

/// Keeps freed tensor memory in the process: every block comes from the heap (no mmap, whatever its size), which
/// goes back to the system only when more than 512 MiB lie free at its top. Does nothing where the C library is not
/// glibc, or where the user tuned malloc (MALLOC_MMAP_THRESHOLD_, MALLOC_MMAP_MAX_, MALLOC_TRIM_THRESHOLD_ or
/// GLIBC_TUNABLES set): their settings win. Returns whether it changed the settings.
bool keepTensorMemory();

} // namespace dinolens::core
