// keepTensorMemory: freed blocks of tensor size stay in the process (no mmap/munmap per batch), and a user's own
// malloc settings win.
#include <QtTest/QtTest>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "dinolens/core/tensor_memory.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizerAllocator = true; // the sanitizer's allocator replaces glibc's and ignores mallopt
#else
constexpr bool kSanitizerAllocator = false;
#endif

class TestTensorMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void userSettingsWin()
    {
        qputenv("MALLOC_TRIM_THRESHOLD_", "131072");
        QVERIFY(!dinolens::core::keepTensorMemory());
        qunsetenv("MALLOC_TRIM_THRESHOLD_");
    }

    void freedTensorStaysInTheHeap()
    {
#if !defined(__GLIBC__)
        QSKIP("the allocator settings are glibc's");
#else
        if (kSanitizerAllocator) {
            QSKIP("a sanitizer's allocator ignores mallopt");
        }
        QVERIFY(dinolens::core::keepTensorMemory());
        // A 16 MiB activation, and attention scores larger than glibc's largest mmap threshold (32 MiB).
        for (const std::size_t size : { std::size_t { 16 } << 20, std::size_t { 160 } << 20 }) {
            const std::size_t mapped = mallinfo2().hblkhd; // bytes in mmapped blocks
            void* block = std::malloc(size);
            QVERIFY(block != nullptr);
            std::memset(block, 1, size);
            QCOMPARE(mallinfo2().hblkhd, mapped); // the block is not one of them
            std::free(block);
            QVERIFY2(mallinfo2().fordblks >= size, "the freed block went back to the system"); // kept in the heap
        }
#endif
    }
};

QTEST_MAIN(TestTensorMemory)
#include "tst_tensor_memory.moc"
