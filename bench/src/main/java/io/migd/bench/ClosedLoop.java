package io.migd.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop load generator for the request/reply bindings that wrk cannot drive (NATS, WebSocket): N lanes, each
 * with exactly one request outstanding, each sending its next request as soon as the previous answer arrived, for a
 * fixed time. Latency is measured per request from just before it is sent to the arrival of its (checked) answer;
 * every latency is kept, so percentiles are exact. The lanes run on the I/O threads of the client library (jnats,
 * Vert.x), which live in the driver's process on the load CPU.
 */
final class ClosedLoop {

    /** One connection or socket: sends one request and reports its outcome exactly once, asynchronously. */
    interface Lane {
        void call(Outcome outcome);
    }

    interface Outcome {
        /** {@code null}: a correct answer; otherwise what was wrong ({@code wrong} says whether it was an answer). */
        void done(String problem, boolean wrong);
    }

    /** The figures of one run; the same questions as {@link Wrk.Result}. */
    record Result(long requests, double seconds, long wrongAnswers, long transportErrors, long unanswered,
                  String firstProblem, double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs)
            implements Bench.Measured {
        @Override
        public double rps() {
            return requests / seconds;
        }

        @Override
        public String problem() {
            if (wrongAnswers > 0) {
                return wrongAnswers + " of " + (requests + wrongAnswers) + " answers were wrong: " + firstProblem;
            }
            if (requests == 0) {
                return "no request completed" + (firstProblem == null ? "" : ": " + firstProblem);
            }
            if (transportErrors + unanswered > 0) {
                return (transportErrors + unanswered) + " requests failed or went unanswered: " + firstProblem;
            }
            return null;
        }
    }

    private ClosedLoop() {
    }

    /**
     * Runs the lanes for {@code seconds}; a lane ends at the first failure (a timeout or transport error is not
     * retried: with one request outstanding it would only measure the client's timeout). Bounded: lanes that have not
     * answered {@code graceMillis} after the end are counted as unanswered.
     */
    static Result run(List<? extends Lane> lanes, double seconds, long graceMillis) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(lanes.size());
        List<State> states = new ArrayList<>();
        for (Lane lane : lanes) {
            states.add(new State(lane, end, finished));
        }
        states.forEach(State::next);
        boolean all = finished.await((long) (seconds * 1000) + graceMillis, TimeUnit.MILLISECONDS);
        long stopped = System.nanoTime();
        long ok = 0;
        long wrong = 0;
        long transport = 0;
        long unanswered = 0;
        String first = null;
        long lastAnswer = start;
        List<long[]> samples = new ArrayList<>();
        for (State s : states) {
            synchronized (s) {
                ok += s.count;
                wrong += s.wrong;
                transport += s.transport;
                if (!s.ended) {
                    unanswered++;
                    if (first == null) {
                        first = "no answer within " + graceMillis + " ms after the end of the run";
                    }
                }
                if (first == null) {
                    first = s.problem;
                }
                lastAnswer = Math.max(lastAnswer, s.lastAnswer);
                samples.add(Arrays.copyOf(s.latencies, s.count));
            }
        }
        long[] all2 = new long[(int) ok];
        int i = 0;
        double sum = 0;
        for (long[] sample : samples) {
            System.arraycopy(sample, 0, all2, i, sample.length);
            i += sample.length;
            for (long v : sample) {
                sum += v;
            }
        }
        Arrays.sort(all2);
        double elapsed = ((all ? Math.max(lastAnswer, end) : stopped) - start) / 1e9;
        return new Result(ok, elapsed, wrong, transport, unanswered, first, ok == 0 ? Double.NaN : sum / ok / 1e6,
                pct(all2, 50), pct(all2, 90), pct(all2, 99), ok == 0 ? Double.NaN : all2[all2.length - 1] / 1e6);
    }

    /** nearest rank, in ms */
    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** One lane's chain of requests; touched by one request's completion at a time. */
    private static final class State {
        final Lane lane;
        final long end;
        final CountDownLatch finished;
        long[] latencies = new long[4096];
        int count;
        long wrong;
        long transport;
        String problem;
        long lastAnswer;
        boolean ended;

        State(Lane lane, long end, CountDownLatch finished) {
            this.lane = lane;
            this.end = end;
            this.finished = finished;
        }

        void next() {
            long sent = System.nanoTime();
            if (sent >= end) {
                finish();
                return;
            }
            try {
                lane.call((problem, wrongAnswer) -> completed(sent, problem, wrongAnswer));
            } catch (RuntimeException e) {
                completed(sent, "could not send: " + e, false);
            }
        }

        private void completed(long sent, String problem, boolean wrongAnswer) {
            long now = System.nanoTime();
            synchronized (this) {
                if (ended) {
                    return;
                }
                lastAnswer = now;
                if (problem == null) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = now - sent;
                } else {
                    if (wrongAnswer) {
                        wrong++;
                    } else {
                        transport++;
                    }
                    if (this.problem == null) {
                        this.problem = problem;
                    }
                }
            }
            if (problem != null) {
                finish();   // the first failure ends the lane (see run)
            } else {
                next();
            }
        }

        private void finish() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            finished.countDown();
        }
    }
}
