#include <mutex>

#include "dinolens/core/program_module.h"
#include "dinolens/inference/engine_module.h"

#ifndef DINOLENS_ENGINE_BUILD_PATH
#define DINOLENS_ENGINE_BUILD_PATH ""
#endif
#ifndef DINOLENS_ENGINE_LIBDIR
#define DINOLENS_ENGINE_LIBDIR "lib"
#endif

namespace dinolens::inference {
namespace {

core::Result<const EngineModule*> loadOnce()
{
    static constexpr core::ProgramModule kModule { .fileName = kEngineModuleName,
        .libDir = DINOLENS_ENGINE_LIBDIR,
        .buildPath = DINOLENS_ENGINE_BUILD_PATH,
        .entry = kEngineModuleEntry,
        .description = "the model engine" };
    auto entry = core::loadProgramModule(kModule, {});
    if (!entry) {
        return entry.error();
    }
    const EngineModule* engine = reinterpret_cast<decltype(&dinolens_engine_module)>(*entry)();
    if (engine == nullptr || engine->abi != kEngineModuleAbi) {
        return core::makeError(core::ErrorCode::Internal, "the model engine module is of another DinoLens version");
    }
    return engine;
}

} // namespace

core::Result<const EngineModule*> loadEngineModule()
{
    static std::once_flag once;
    static core::Result<const EngineModule*> loaded = core::makeError(core::ErrorCode::Internal, "not loaded");
    std::call_once(once, [] { loaded = loadOnce(); });
    return loaded;
}

} // namespace dinolens::inference
