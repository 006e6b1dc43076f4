import Attribution
import Dispatch
import EventStore
import Logging
import Postgres
import ServiceLifecycle

/// Keeps `rm.campaign_effects` up to date: refits the campaign-attribution model per helpline and contact
/// channel (and on all channels together) when the daily counts or the campaigns change.
///
/// As a `Service` it runs like a projection worker: one active refitter across processes (a session advisory
/// lock; the others stand by), woken by `NOTIFY es_events` or the poll interval. It is debounced: it looks for
/// changes at most once per `minimumInterval`, waits until the contact-count and campaign projections have
/// caught up (or `maximumDeferral` has passed), and refits only the fits whose inputs changed. A fit that
/// fails (too little data, identical campaign windows, …) is stored with its error; it never stops the service.
///
/// `refitNow()` does the same check and refit once, for batch jobs and tests.
public final class CampaignEffectsRefitter: Service, Sendable {
    /// Bumped when the refitter's inputs or outputs change meaning: every fit is then redone.
    static let version = 3

    public struct Options: Sendable {
        /// At most one refit per this interval. Default 30 s.
        public var minimumInterval: Duration = .seconds(30)
        /// How often to look for changes without a notification. Default 2 s.
        public var pollInterval: Duration = .seconds(2)
        /// How often a standby refitter tries to take over. Default 1 s.
        public var standbyInterval: Duration = .seconds(1)
        /// Refit even though the projections are still catching up once a change has waited this long. Default 2 min.
        public var maximumDeferral: Duration = .seconds(120)
        /// The statistics settings (NB2, 2 Fourier pairs, 20 placebos, 8-week backtests by default).
        public var attribution = AttributionOptions()
        public init() {}
    }

    let configuration: PostgresConfiguration
    let options: Options
    let logger: Logger

    public init(configuration: PostgresConfiguration, options: Options = Options(), logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation. Database outages are retried with a back-off.
    public func run() async throws {
        var backoff: Duration = .milliseconds(200)
        while !Self.stopping {
            do {
                try await runSession()
                return
            } catch is CancellationError {
                return
            } catch {
                if Self.stopping { return }
                logger.warning("campaign effects: \(error); retrying in \(backoff)")
                let delay = backoff
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                backoff = min(backoff * 2, .seconds(30))
            }
        }
    }

    /// Looks for changes and refits what changed, now (no debounce).
    /// - Parameter force: refit every fit even if its inputs did not change.
    /// - Returns: what was refitted. Fit errors are stored in `rm.campaign_effect_fits`, not thrown.
    /// - Throws: database errors only.
    /// Takes the refitter's leader lock for the refit: while a running refitter (`serve`, `project run`) leads, this
    /// refits nothing and says so (`ledElsewhere`), so that two refits never write the effects at once.
    @discardableResult
    public func refitNow(force: Bool = false) async throws -> CampaignEffectsRefitOutcome {
        let c = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        do {
            guard try await c.query("SELECT pg_try_advisory_lock(hashtext(\(Self.leaderLockKey)))")[0].decode(Bool.self, at: 0) else {
                await c.close()
                var outcome = CampaignEffectsRefitOutcome()
                outcome.ledElsewhere = true
                return outcome
            }
            let outcome = try await refit(force: force, on: c)
            await c.close()
            return outcome
        } catch {
            await c.close()
            throw error
        }
    }

    /// The session advisory lock of the one active refitter.
    static let leaderLockKey = "campaign_effects"

    static var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    private func runSession() async throws {
        let leader = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { Task { await leader.close() } }
        while try await !leader.query("SELECT pg_try_advisory_lock(hashtext(\(Self.leaderLockKey)))")[0].decode(Bool.self, at: 0) {
            logger.debug("campaign effects: active elsewhere; standing by")
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.options.standbyInterval) }
            if Self.stopping { return }
        }
        logger.info("campaign effects refitter active")
        let work = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { Task { await work.close() } }
        let wake = WakeSignal()
        let listener = try? await PostgresListener.listen(
            configuration: configuration, channels: [EventStore.notificationChannel], logger: logger)
        defer { listener?.close() }
        let listening = Task {
            guard let listener else { return }
            do { for try await _ in listener.notifications { wake.signal() } } catch {}
        }
        defer { listening.cancel() }

        let clock = ContinuousClock()
        var lastRefit: ContinuousClock.Instant?
        var changeSeen: ContinuousClock.Instant?
        while !Self.stopping {
            guard await leader.checkAlive() else {
                throw PostgresError(code: .connectionClosed, message: "lost the leadership session of the campaign effects refitter")
            }
            if let last = lastRefit, clock.now - last < options.minimumInterval {
                let remaining = options.minimumInterval - (clock.now - last)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: remaining) }
                continue
            }
            let source = try await CampaignEffectsInputs.source(on: work)
            if try await source != CampaignEffectsInputs.storedSource(on: work) {
                let since = changeSeen ?? clock.now
                changeSeen = since
                if try await CampaignEffectsInputs.projectionsCaughtUp(on: work) || clock.now - since >= options.maximumDeferral {
                    let outcome = try await refit(force: false, on: work)
                    lastRefit = clock.now
                    changeSeen = nil
                    if !outcome.refitted.isEmpty { logger.info("campaign effects: \(outcome)") }
                }
            }
            await wake.wait(timeout: options.pollInterval)
        }
    }

    /// The check and refit, on `c`.
    func refit(force: Bool, on c: PostgresConnection) async throws -> CampaignEffectsRefitOutcome {
        let started = ContinuousClock.now
        // Read the source first and the inputs in the same snapshot, so a change in between triggers another refit.
        let (source, inputs, stored) = try await c.withTransaction { tx in
            try await tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return (
                try await CampaignEffectsInputs.source(on: tx), try await CampaignEffectsInputs.load(options: options.attribution, on: tx),
                try await CampaignEffectsStore.storedFingerprints(on: tx)
            )
        }
        var outcome = CampaignEffectsRefitOutcome()
        for input in inputs {
            if Self.stopping { throw CancellationError() }
            if !force && stored[input.key] == input.fingerprint {
                outcome.unchanged += 1
                continue
            }
            let result = await Self.fit(input, options: options.attribution)
            try await CampaignEffectsStore.replace(result, on: c)
            outcome.refitted.append(input.key)
            outcome.fitSeconds[input.key] = result.seconds
            logger.debug("campaign effects \(input.key): fitted in \(Int((result.seconds * 1000).rounded())) ms")
            if let error = result.error {
                outcome.failed.append(input.key)
                logger.notice("campaign effects \(input.key): \(error)")
            }
        }
        outcome.removed = try await CampaignEffectsStore.removeFits(notIn: Set(inputs.map(\.key)), on: c)
        try await CampaignEffectsStore.saveSource(source, on: c)
        let elapsed = ContinuousClock.now - started
        outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return outcome
    }

    /// Fits one input on a dispatch thread (the fit is CPU-bound: keep it off the cooperative pool).
    static func fit(_ input: CampaignEffectsFitInput, options: AttributionOptions) async -> CampaignEffectsFitResult {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: fitNow(input, options: options))
            }
        }
    }

    static func fitNow(_ input: CampaignEffectsFitInput, options: AttributionOptions) -> CampaignEffectsFitResult {
        guard let series = input.series else {
            return CampaignEffectsFitResult(
                input: input, report: nil, errorCode: "no_data", error: "no contacts recorded", seconds: 0)
        }
        guard !input.windows.isEmpty else {
            return CampaignEffectsFitResult(
                input: input, report: nil, errorCode: "no_campaign_in_data", error: "no campaign has a day inside the data", seconds: 0)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let holidays = input.holidays
        let result = Result { () throws(AttributionError) -> AttributionReport in
            try CampaignAttribution.evaluate(
                series: series, campaigns: input.windows, holidays: holidays, events: input.events, options: options)
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        switch result {
        case .success(let report):
            return CampaignEffectsFitResult(input: input, report: report, errorCode: nil, error: nil, seconds: seconds)
        case .failure(let error):
            return CampaignEffectsFitResult(input: input, report: nil, errorCode: error.code, error: error.description, seconds: seconds)
        }
    }
}

/// What one check-and-refit did.
public struct CampaignEffectsRefitOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Fits (`helpline/channel`) refitted and written.
    public var refitted: [String] = []
    /// Of those, the fits that failed (their error is stored).
    public var failed: [String] = []
    /// Fits whose inputs had not changed.
    public var unchanged = 0
    /// Fits removed because their helpline × channel no longer has a campaign.
    public var removed = 0
    /// Model-fitting time per refitted fit.
    public var fitSeconds: [String: Double] = [:]
    /// Wall time of the whole check and refit.
    public var seconds = 0.0
    /// Another process's refitter leads: nothing was checked or refitted here (it refits by itself).
    public var ledElsewhere = false

    public init() {}

    public var description: String {
        if ledElsewhere { return "refitted by the process that leads the campaign effects (serve or project run)" }
        return
            "refitted \(refitted.count) (\(failed.count) failed), \(unchanged) unchanged, \(removed) removed in \(String(Int((seconds * 1000).rounded()))) ms"
    }
}
