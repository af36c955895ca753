package cn.sunlight.tools;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which bid a command acts on, and with whose keys: {@code --keys DIR --tender ID --lot N} (submit, withdraw, decrypt). */
final class BidLot {

    @Option(names = "--keys", paramLabel = "DIR", required = true, descriptionKey = "option.keys")
    String keys;
    @Option(names = "--tender", paramLabel = "ID", required = true, descriptionKey = "option.tender")
    long tender;
    @Option(names = "--lot", paramLabel = "N", required = true, descriptionKey = "option.lot")
    long lot;

    long tenderId() throws ToolException {
        return Args.id("tender", tender);
    }

    int lot() throws ToolException {
        return Args.lot(lot);
    }

    Path keysDir() throws ToolException {
        return Args.requiredPath("keys", keys);
    }
}
