#include "Jit.h"

#include <chrono>
#include <map>
#include <mutex>
#include <set>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/jit/JitCache.h"

namespace stitch::jit {
namespace {

using llvm::IRBuilder;
using llvm::Value;
using ir::Op;

void InitializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

std::string ErrorText(llvm::Error error) { return llvm::toString(std::move(error)); }

llvm::Expected<llvm::orc::JITTargetMachineBuilder> HostBuilder() {
  InitializeLlvm();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) return builder.takeError();
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  return builder;
}

std::string FunctionName(size_t condition) { return "stitch_cond_" + std::to_string(condition); }

// One IR value for the current row: a number with its presence, or a three-valued boolean as
// two flags, definitely-true and definitely-false (unknown is neither). The flag form keeps the
// loop body free of branches, so the optimiser can vectorise it.
struct Lowered {
  Value* number = nullptr;
  Value* present = nullptr;
  Value* is_true = nullptr;
  Value* is_false = nullptr;
};

class ModuleBuilder {
 public:
  ModuleBuilder(llvm::LLVMContext& context, llvm::TargetMachine& machine)
      : context_(context),
        module_(std::make_unique<llvm::Module>("stitch", context)),
        f64_(llvm::Type::getDoubleTy(context)),
        i64_(llvm::Type::getInt64Ty(context)),
        i8_(llvm::Type::getInt8Ty(context)),
        i1_(llvm::Type::getInt1Ty(context)),
        ptr_(llvm::PointerType::getUnqual(context)) {
    module_->setDataLayout(machine.createDataLayout());
    module_->setTargetTriple(machine.getTargetTriple().str());
  }

  std::unique_ptr<llvm::Module> Build(const ir::Program& program) {
    for (size_t i = 0; i < program.conditions.size(); ++i) BuildCondition(program.conditions[i], FunctionName(i));
    return std::move(module_);
  }

 private:
  void BuildCondition(const ir::Condition& condition, const std::string& name) {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_, i64_}, false);
    auto* function = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_.get());
    function->addFnAttr(llvm::Attribute::NoUnwind);
    function->addParamAttr(0, llvm::Attribute::NoAlias);
    function->addParamAttr(0, llvm::Attribute::ReadOnly);
    function->addParamAttr(1, llvm::Attribute::NoAlias);
    function->addParamAttr(1, llvm::Attribute::WriteOnly);
    llvm::Argument* view = function->getArg(0);
    llvm::Argument* out = function->getArg(1);
    llvm::Argument* rows = function->getArg(2);

    auto* entry = llvm::BasicBlock::Create(context_, "entry", function);
    auto* loop = llvm::BasicBlock::Create(context_, "row", function);
    auto* exit = llvm::BasicBlock::Create(context_, "exit", function);
    IRBuilder<> b(entry);

    // FrameView { const double* const* values; const uint64_t* const* validity; ... }: the
    // column pointers are loaded once, outside the row loop.
    Value* values = b.CreateLoad(ptr_, view, "values");
    Value* validity = b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(i8_, view, 8), "validity");
    std::set<uint32_t> used;
    for (const ir::Inst& inst : condition.insts) {
      if (inst.op == Op::kLoad || inst.op == Op::kLoadBool) used.insert(inst.a);
    }
    std::map<uint32_t, std::pair<Value*, Value*>> columns;
    for (uint32_t column : used) {
      Value* v = b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(ptr_, values, column));
      Value* bits = b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(ptr_, validity, column));
      columns[column] = {v, bits};
    }
    b.CreateCondBr(b.CreateICmpEQ(rows, b.getInt64(0)), exit, loop);

    b.SetInsertPoint(loop);
    llvm::PHINode* row = b.CreatePHI(i64_, 2, "i");
    row->addIncoming(b.getInt64(0), entry);

    std::vector<Lowered> lowered(condition.insts.size());
    for (size_t i = 0; i < condition.insts.size(); ++i) {
      lowered[i] = Instruction(b, condition.insts[i], lowered, columns, row);
    }
    const Lowered& result = lowered[condition.result];
    // 1 when true, 0 when false, 2 when unknown.
    Value* byte = b.CreateSelect(result.is_true, b.getInt8(ir::kTrue),
                                 b.CreateSelect(result.is_false, b.getInt8(ir::kFalse), b.getInt8(ir::kUnknown)));
    b.CreateStore(byte, b.CreateInBoundsGEP(i8_, out, row));
    Value* next = b.CreateAdd(row, b.getInt64(1), "next", /*HasNUW=*/true, /*HasNSW=*/true);
    row->addIncoming(next, loop);
    b.CreateCondBr(b.CreateICmpEQ(next, rows), exit, loop);

    b.SetInsertPoint(exit);
    b.CreateRetVoid();
  }

  Value* Fabs(IRBuilder<>& b, Value* x) {
    return b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  }

  // Finite: |x| != inf and x is not NaN.
  Value* Finite(IRBuilder<>& b, Value* x) {
    return b.CreateFCmpONE(Fabs(b, x), llvm::ConstantFP::getInfinity(f64_));
  }

  Lowered Instruction(IRBuilder<>& b, const ir::Inst& inst, const std::vector<Lowered>& v,
                      const std::map<uint32_t, std::pair<Value*, Value*>>& columns, Value* row) {
    const Lowered& a = v[inst.a];
    const Lowered& c = v[inst.b];  // the second operand
    Lowered r;
    switch (inst.op) {
      case Op::kConst:
        r.number = llvm::ConstantFP::get(f64_, inst.imm);
        r.present = b.getTrue();
        return r;
      case Op::kLoad:
      case Op::kLoadBool: {
        auto [values, bits] = columns.at(inst.a);
        Value* number = b.CreateLoad(f64_, b.CreateInBoundsGEP(f64_, values, row));
        Value* word = b.CreateLoad(i64_, b.CreateInBoundsGEP(i64_, bits, b.CreateLShr(row, 6)));
        Value* present = b.CreateTrunc(b.CreateLShr(word, b.CreateAnd(row, 63)), i1_);
        if (inst.op == Op::kLoad) {
          r.number = number;
          r.present = present;
        } else {
          Value* zero = llvm::ConstantFP::get(f64_, 0.0);
          r.is_true = b.CreateAnd(present, b.CreateFCmpUNE(number, zero));
          r.is_false = b.CreateAnd(present, b.CreateFCmpOEQ(number, zero));
        }
        return r;
      }
      case Op::kNeg:
        r.number = b.CreateFNeg(a.number);
        r.present = a.present;
        return r;
      case Op::kAbs:
        r.number = Fabs(b, a.number);
        r.present = a.present;
        return r;
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        r.number = inst.op == Op::kAdd   ? b.CreateFAdd(a.number, c.number)
                   : inst.op == Op::kSub ? b.CreateFSub(a.number, c.number)
                   : inst.op == Op::kMul ? b.CreateFMul(a.number, c.number)
                                         : b.CreateFDiv(a.number, c.number);
        r.present = b.CreateAnd(b.CreateAnd(a.present, c.present), Finite(b, r.number));
        return r;
      }
      case Op::kMin:
        r.number = b.CreateSelect(b.CreateFCmpOLT(a.number, c.number), a.number, c.number);
        r.present = b.CreateAnd(a.present, c.present);
        return r;
      case Op::kMax:
        r.number = b.CreateSelect(b.CreateFCmpOGT(a.number, c.number), a.number, c.number);
        r.present = b.CreateAnd(a.present, c.present);
        return r;
      case Op::kClamp: {
        const Lowered& high = v[inst.c];
        Value* low = b.CreateSelect(b.CreateFCmpOGT(a.number, c.number), a.number, c.number);
        r.number = b.CreateSelect(b.CreateFCmpOLT(low, high.number), low, high.number);
        r.present = b.CreateAnd(b.CreateAnd(a.present, c.present), high.present);
        return r;
      }
      case Op::kTrue:
        r.is_true = b.getTrue();
        r.is_false = b.getFalse();
        return r;
      case Op::kFalse:
        r.is_true = b.getFalse();
        r.is_false = b.getTrue();
        return r;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kEq:
      case Op::kNe: {
        Value* cmp = inst.op == Op::kLt   ? b.CreateFCmpOLT(a.number, c.number)
                     : inst.op == Op::kLe ? b.CreateFCmpOLE(a.number, c.number)
                     : inst.op == Op::kGt ? b.CreateFCmpOGT(a.number, c.number)
                     : inst.op == Op::kGe ? b.CreateFCmpOGE(a.number, c.number)
                     : inst.op == Op::kEq ? b.CreateFCmpOEQ(a.number, c.number)
                                          : b.CreateFCmpUNE(a.number, c.number);
        Value* known = b.CreateAnd(a.present, c.present);
        r.is_true = b.CreateAnd(known, cmp);
        r.is_false = b.CreateAnd(known, b.CreateNot(cmp));
        return r;
      }
      case Op::kPresent:
        r.is_true = a.present;
        r.is_false = b.CreateNot(a.present);
        return r;
      case Op::kNot:
        r.is_true = a.is_false;
        r.is_false = a.is_true;
        return r;
      case Op::kAnd:
        r.is_true = b.CreateAnd(a.is_true, c.is_true);
        r.is_false = b.CreateOr(a.is_false, c.is_false);
        return r;
      case Op::kOr:
        r.is_true = b.CreateOr(a.is_true, c.is_true);
        r.is_false = b.CreateAnd(a.is_false, c.is_false);
        return r;
    }
    return r;
  }

  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> module_;
  llvm::Type* f64_;
  llvm::Type* i64_;
  llvm::Type* i8_;
  llvm::Type* i1_;
  llvm::PointerType* ptr_;
};

void Optimize(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  passes.run(module, mam);
}

// Builds and optimises the module, then emits it as `kind` (assembly or object) or IR text.
bool Generate(const ir::Program& program, EmitKind kind, std::string& out, std::string* error) {
  auto host = HostBuilder();
  if (!host) {
    *error = ErrorText(host.takeError());
    return false;
  }
  auto machine = host->createTargetMachine();
  if (!machine) {
    *error = ErrorText(machine.takeError());
    return false;
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = ModuleBuilder(context, **machine).Build(program);
  std::string problems;
  llvm::raw_string_ostream problem_stream(problems);
  if (llvm::verifyModule(*module, &problem_stream)) {
    *error = "generated LLVM IR is invalid: " + problems;
    return false;
  }
  Optimize(*module, **machine);
  if (kind == EmitKind::kLlvm) {
    llvm::raw_string_ostream stream(out);
    module->print(stream, nullptr);
    return true;
  }
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager codegen;
  auto file_type = kind == EmitKind::kAsm ? llvm::CodeGenFileType::AssemblyFile : llvm::CodeGenFileType::ObjectFile;
  if ((*machine)->addPassesToEmitFile(codegen, stream, nullptr, file_type)) {
    *error = "the target cannot emit this file type";
    return false;
  }
  codegen.run(*module);
  out.assign(buffer.begin(), buffer.end());
  return true;
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

struct JitProgram::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::vector<PredicateFn> functions;
  JitStats stats;
};

JitProgram::JitProgram(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JitProgram::~JitProgram() = default;

PredicateFn JitProgram::function(size_t condition) const { return impl_->functions.at(condition); }
const JitStats& JitProgram::stats() const { return impl_->stats; }

std::string HostTarget() {
  auto host = HostBuilder();
  if (!host) {
    llvm::consumeError(host.takeError());
    return "unknown";
  }
  return host->getTargetTriple().str() + " " + host->getCPU() + " " + host->getFeatures().getString();
}

std::unique_ptr<JitProgram> JitProgram::Compile(const ir::Program& program, const JitOptions& options,
                                                std::string* error) {
  auto impl = std::make_unique<Impl>();
  auto start = std::chrono::steady_clock::now();
  std::string object;
  std::string key;
  if (!options.cache_dir.empty()) {
    key = CacheKey(program.Print(), HostTarget());
    impl->stats.cache_path = CachePath(options.cache_dir, key);
    CacheLookup lookup = LoadCached(options.cache_dir, key, object);
    impl->stats.cache_hit = lookup == CacheLookup::kHit;
    impl->stats.cache_rebuilt = lookup == CacheLookup::kCorrupt;
  }
  if (!impl->stats.cache_hit) {
    if (!Generate(program, EmitKind::kObject, object, error)) return nullptr;
    impl->stats.compile_ms = MillisecondsSince(start);
    // A cache that cannot be written costs a recompile next time, nothing more.
    std::string ignored;
    if (!options.cache_dir.empty()) StoreCached(options.cache_dir, key, object, &ignored);
  }

  auto load_start = std::chrono::steady_clock::now();
  auto host = HostBuilder();
  if (!host) {
    *error = ErrorText(host.takeError());
    return nullptr;
  }
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*host)).create();
  if (!jit) {
    *error = ErrorText(jit.takeError());
    return nullptr;
  }
  impl->jit = std::move(*jit);
  if (auto err = impl->jit->addObjectFile(llvm::MemoryBuffer::getMemBufferCopy(object, "stitch-policies"))) {
    *error = ErrorText(std::move(err));
    return nullptr;
  }
  for (size_t i = 0; i < program.conditions.size(); ++i) {
    auto symbol = impl->jit->lookup(FunctionName(i));
    if (!symbol) {
      *error = ErrorText(symbol.takeError());
      return nullptr;
    }
    impl->functions.push_back(symbol->toPtr<PredicateFn>());
  }
  impl->stats.load_ms = MillisecondsSince(load_start);
  return std::unique_ptr<JitProgram>(new JitProgram(std::move(impl)));
}

bool Emit(const ir::Program& program, EmitKind kind, std::string& out, std::string* error) {
  return Generate(program, kind, out, error);
}

}  // namespace stitch::jit
