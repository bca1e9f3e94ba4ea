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
        constexpr std::size_t kTensor = 16u << 20; // a 16 MiB activation
        void* block = std::malloc(kTensor);
        QVERIFY(block != nullptr);
        std::memset(block, 1, kTensor);
        const std::size_t mappedBefore = mallinfo2().hblkhd; // bytes in mmapped blocks
        std::free(block);
        const struct mallinfo2 after = mallinfo2();
        QCOMPARE(after.hblkhd, mappedBefore); // it was never mmapped
        QVERIFY2(after.fordblks >= kTensor, "the freed block went back to the system"); // free, kept in the heap
#endif
    }
};

QTEST_MAIN(TestTensorMemory)
#include "tst_tensor_memory.moc"
