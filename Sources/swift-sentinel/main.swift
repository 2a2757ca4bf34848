import SentinelRuntime

SentinelMain.run(arguments: CommandLine.arguments)
