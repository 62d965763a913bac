package io.camelgateway.resilience.order;

import java.util.List;

/** One pool strategy: how a request's members are ordered before they are tried. */
public interface MemberOrder {

    /** Reorders the members' indexes (0..n-1, all present) in place, for one request. */
    void order(List<Integer> members);
}
