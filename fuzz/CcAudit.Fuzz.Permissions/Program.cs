using CcAudit.Core.Tests.Permissions;
using SharpFuzz;

// Coverage-guided fuzzing of the shell tokenizer and the rule parser (see fuzz/README.md): AFL++ feeds inputs through
// SharpFuzz; any exception is a crash AFL keeps.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var reader = new StreamReader(stream);
    PermissionFuzzTarget.Run(reader.ReadToEnd());
});
