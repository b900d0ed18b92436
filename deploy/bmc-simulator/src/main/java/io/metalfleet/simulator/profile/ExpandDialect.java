package io.metalfleet.simulator.profile;

/**
 * How a BMC answers the {@code $expand} query (DSP0266 "Query parameters") and whether its service root
 * advertises {@code ProtocolFeaturesSupported.ExpandQuery}. An advertising dialect keeps the vendor
 * tree's own ExpandQuery object (what the real machine says it supports); the others remove it.
 */
public enum ExpandDialect {

    /**
     * DSP0266 within what the root advertises: {@code *}, {@code .}, {@code ~} with an optional
     * {@code ($levels=n)}; a form the root does not offer answers 400 {@code QueryNotSupported}, levels
     * beyond MaxLevels 400 {@code QueryParameterOutOfRange}, anything else 400 {@code QueryParameterValueFormatError}.
     */
    STANDARD(true),

    /**
     * iLO 5 (HPE's "OData query options"): {@code .}, {@code *} and a bare {@code ($levels=n)} all expand
     * every link outside {@code Links} one level, whatever n; other forms are silently discarded.
     */
    ILO(true),

    /** No {@code $expand} and none advertised: 400 {@code QueryNotSupported}, as a DMTF-style service without query support. */
    REJECTED(false),

    /** No {@code $expand} and none advertised: silently discarded, as iLO 4 does with every OData query option. */
    IGNORED(false),

    /**
     * Advertised as the vendor's tree does, yet refused with 400 {@code QueryNotSupported}: iDRAC's guide
     * warns of $expand refused on some URIs despite the root. What a client's fallback is tested against.
     */
    UNSERVED(true);

    private final boolean advertised;

    ExpandDialect(boolean advertised) {
        this.advertised = advertised;
    }

    /** True when the service root carries {@code ProtocolFeaturesSupported.ExpandQuery}. */
    public boolean advertised() {
        return advertised;
    }

    /** The same vendor without {@code $expand}: iLO discards what it does not implement, the others refuse it. */
    public ExpandDialect withoutExpand() {
        return this == ILO || this == IGNORED ? IGNORED : REJECTED;
    }
}
