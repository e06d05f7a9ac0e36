return NicDoctor.Cli.NicDoctorApp.Run(args, Console.Out, Console.Error);
