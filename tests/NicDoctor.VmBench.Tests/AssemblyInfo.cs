// VM boots are CPU-bound under TCG; running them one at a time keeps each under its time limit on small CI machines.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
