using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Firmware/NVM inventory and firmware load failures (timeline context; the case's NVM 3.33).</summary>
internal static partial class FirmwarePatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("i40e.fw-version", KernelEventKind.Firmware, " nvm ", I40eFw(),
            "drivers/net/ethernet/intel/i40e/i40e_main.c i40e_probe(): \"fw %d.%d.%05d api %d.%d nvm %s\" (6.9 appends \"[%04x:%04x] [%04x:%04x]\"); "
            + "ice_main.c ice_print_... \"fw %u.%u.%u api %u.%u.%u nvm %s\""),
        new("i40e.nvm-older", KernelEventKind.Firmware, "older version of the NVM image", NvmOlder(),
            "drivers/net/ethernet/intel/i40e/i40e_main.c i40e_probe(): \"The driver for the device detected an older version of the NVM image than expected…\"")
        { Driver = "i40e" },
        new("i40e.nvm-newer", KernelEventKind.Firmware, "newer version of the NVM image", NvmNewer(),
            "drivers/net/ethernet/intel/i40e/i40e_main.c i40e_probe(): \"The driver for the device detected a newer version of the NVM image than expected…\"")
        { Driver = "i40e" },
        new("mlx5.fw-version", KernelEventKind.Firmware, "firmware version: ", Mlx5Fw(),
            "drivers/net/ethernet/mellanox/mlx5/core/main.c mlx5_init_one(): \"firmware version: %d.%d.%d\""),
        new("firmware.load-failed", KernelEventKind.Firmware, "Direct firmware load for", LoadFailed(),
            "drivers/base/firmware_loader/main.c fw_get_filesystem_firmware(): \"Direct firmware load for %s failed with error %d\""),
    ];

    [GeneratedRegex(@"^fw (?<fw>\d+\.\d+\.\d+) api (?<api>\d+\.\d+(?:\.\d+)?) nvm (?<nvm>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex I40eFw();

    [GeneratedRegex(@"detected an older version of the NVM image", RegexOptions.CultureInvariant)]
    private static partial Regex NvmOlder();

    [GeneratedRegex(@"detected a newer version of the NVM image", RegexOptions.CultureInvariant)]
    private static partial Regex NvmNewer();

    [GeneratedRegex(@"^firmware version: (?<fw>\d+\.\d+\.\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Mlx5Fw();

    [GeneratedRegex(@"Direct firmware load for (?<file>\S+) failed with error (?<error>-?\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex LoadFailed();
}
