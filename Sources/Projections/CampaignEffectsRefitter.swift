import Attribution
import Dispatch
import TimeArithmetic
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
        let leadership = Leadership(
            key: Self.leaderLockKey, what: "campaign effects refitter", configuration: configuration,
            standbyInterval: options.standbyInterval, logger: logger)
        try await leadership.run(maximumBackoff: .seconds(30)) {
            try await leadership.lead(standingBy: { _ in
                logger.debug("campaign effects: active elsewhere; standing by")
                return true
            }) { session in
                try await process(session)
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
            guard try await Leadership.tryLock(Self.leaderLockKey, on: c) else {
                await c.close()
                var outcome = CampaignEffectsRefitOutcome()
                outcome.ledElsewhere = true
                return outcome
            }
            let outcome = try await refit(force: force, on: c) {
                guard await c.checkAlive() else {
                    throw PostgresError(code: .connectionClosed, message: "lost the session holding the campaign effects lock")
                }
            }
            await c.close()
            return outcome
        } catch {
            await c.close()
            throw error
        }
    }

    /// The session advisory lock of the one active refitter.
    static let leaderLockKey = "campaign_effects"

    static var stopping: Bool { Leadership.stopping }

    /// Refits as the leader whenever the inputs change, debounced, until told to stop.
    private func process(_ session: LeaderSession) async throws {
        let work = session.work
        let clock = ContinuousClock()
        var lastRefit: ContinuousClock.Instant?
        var changeSeen: ContinuousClock.Instant?
        while !Self.stopping {
            try await session.ensureLeading()
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
                    let outcome = try await refit(force: false, on: work, ensureLeading: session.ensureLeading)
                    lastRefit = clock.now
                    changeSeen = nil
                    if !outcome.refitted.isEmpty { logger.info("campaign effects: \(outcome)") }
                }
            }
            await session.wait(timeout: options.pollInterval)
        }
    }

    /// The check and refit, on `c`, as the leader: `ensureLeading` is called before each write and throws once the
    /// leadership is lost (a long refit must not write after another process took over). Every write is also a
    /// compare-and-set against what the refit started from, so a stale fit never replaces a newer one.
    func refit(force: Bool, on c: PostgresConnection, ensureLeading: () async throws -> Void) async throws -> CampaignEffectsRefitOutcome {
        let started = ContinuousClock.now
        // Read the source first and the inputs in the same snapshot, so a change in between triggers another refit.
        let (source, storedSource, inputs, stored) = try await c.withTransaction { tx in
            try await tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return (
                try await CampaignEffectsInputs.source(on: tx), try await CampaignEffectsInputs.storedSource(on: tx),
                try await CampaignEffectsInputs.load(options: options.attribution, on: tx), try await CampaignEffectsStore.storedFingerprints(on: tx)
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
            try await ensureLeading()
            guard try await CampaignEffectsStore.replace(result, expected: stored[input.key], on: c) else {
                logger.notice("campaign effects \(input.key): a newer fit was stored meanwhile; this one is dropped")
                outcome.superseded.append(input.key)
                continue
            }
            outcome.refitted.append(input.key)
            outcome.fitSeconds[input.key] = result.seconds
            logger.debug("campaign effects \(input.key): fitted in \(Int((result.seconds * 1000).rounded())) ms")
            if let error = result.error {
                outcome.failed.append(input.key)
                logger.notice("campaign effects \(input.key): \(error)")
            }
        }
        try await ensureLeading()
        if outcome.superseded.isEmpty {
            outcome.removed = try await CampaignEffectsStore.removeFits(notIn: Set(inputs.map(\.key)), on: c)
            if try await !CampaignEffectsStore.saveSource(source, expected: storedSource, on: c) {
                logger.notice("campaign effects: another refitter saved a newer source meanwhile; this refit's source is not saved")
                outcome.sourceSuperseded = true
            }
        }
        outcome.seconds = (ContinuousClock.now - started).seconds
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
        let seconds = elapsed.seconds
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
    /// Fits not written because another refitter stored a newer one while this refit ran (then nothing else is
    /// removed or saved either: the newer refit owns the state).
    public var superseded: [String] = []
    /// The source was not saved: another refitter saved a newer one while this refit ran.
    public var sourceSuperseded = false

    public init() {}

    public var description: String {
        if ledElsewhere { return "refitted by the process that leads the campaign effects (serve or project run)" }
        let newer = superseded.isEmpty && !sourceSuperseded ? "" : ", \(superseded.count) superseded by a newer refit"
        return
            "refitted \(refitted.count) (\(failed.count) failed), \(unchanged) unchanged, \(removed) removed\(newer) in \(String(Int((seconds * 1000).rounded()))) ms"
    }
}
