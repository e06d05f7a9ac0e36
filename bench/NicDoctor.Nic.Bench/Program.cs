using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(NicDoctor.Nic.Bench.StatsSampleBenchmarks).Assembly).Run(args);
