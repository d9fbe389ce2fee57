using CcAudit.Cli;

return await CliApp.RunAsync(args, CliContext.FromProcess());
