package io.log2.agents.awsusage.forecast;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.imports.ExportImporter;
import io.log2.imports.ImportRejectedException;
import io.log2.agents.awsusage.imports.ImportResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backtests the cost forecast on cost exports (FOCUS or CUR files, read as an import reads them): for each file, the
 * daily total of all its accounts, with rolling origins over a week, a month and a quarter ahead, against the seasonal
 * naive forecast. Run it with {@code scripts/forecast-backtest.sh FILE...}.
 */
public final class ForecastBacktestCommand {

    private ForecastBacktestCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length == 0) {
            out.println("usage: forecast-backtest.sh [--min-days N] FILE...  (FOCUS or CUR cost exports)");
            return 2;
        }
        int minDays = 14;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--min-days") && i + 1 < args.length) {
                minDays = Integer.parseInt(args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        ExportImporter importer = new ExportImporter(Long.MAX_VALUE, Long.MAX_VALUE);
        int status = 0;
        for (Path file : files) {
            List<CostRecord> costs;
            try (InputStream in = Files.newInputStream(file)) {
                ImportResult result = importer.read(file.getFileName().toString(), in, null, null);
                costs = result.costs();
            } catch (IOException | ImportRejectedException e) {
                out.println(file + ": not read: " + e.getMessage());
                status = 1;
                continue;
            }
            report(file.toString(), costs, minDays, out);
        }
        return status;
    }

    static void report(String name, List<CostRecord> costs, int minDays, PrintStream out) {
        Map<LocalDate, Double> byDay = new TreeMap<>();
        costs.forEach(c -> byDay.merge(c.date(), c.amount(), Double::sum));
        if (byDay.isEmpty()) {
            out.println(name + ": no cost rows");
            return;
        }
        LocalDate first = byDay.keySet().iterator().next();
        LocalDate last = ((TreeMap<LocalDate, Double>) byDay).lastKey();
        DailySeries series = DailySeries.of(first, last, byDay);
        out.printf(Locale.ROOT, "%s: %d days (%s to %s), $%.4f%n", name, series.days(), first, last, series.total());
        out.println("  horizon  origins   MAPE model / naive   cover80 model / naive   cover95 model / naive");
        for (int h : ForecastBacktest.horizons()) {
            if (series.days() < minDays + h) {
                out.printf(Locale.ROOT, "  %3d d    too short: needs %d days of history (%d to fit, %d to check)%n",
                        h, minDays + h, minDays, h);
                continue;
            }
            ForecastBacktest.Result r = ForecastBacktest.run(series, h, minDays);
            out.printf(Locale.ROOT, "  %3d d    %5d    %7.1f%% / %7.1f%%    %5.1f%% / %5.1f%%         %5.1f%% / %5.1f%%%n",
                    h, r.origins(), r.model().mape(), r.seasonalNaive().mape(), 100 * r.model().coverage80(),
                    100 * r.seasonalNaive().coverage80(), 100 * r.model().coverage95(), 100 * r.seasonalNaive().coverage95());
        }
    }
}
