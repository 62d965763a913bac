package io.camelgateway.fanout;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a vote counts answers as the same, and how a judge's verdict is read. */
class ConsensusRulesTest {

    @Test
    void answersThatDifferOnlyInCasePunctuationAccentsOrSpacingAgree() {
        MajorityVote.Result r = MajorityVote.of(List.of("Negative", "  Positive. ", "positive", "POSITIVE!"));
        assertEquals(1, r.winner(), "the first answer of the largest group");
        assertEquals(3, r.votes());
        assertEquals(2, MajorityVote.of(List.of("Café", "tea", "cafe")).votes());
    }

    @Test
    void aTieGoesToTheEarlierAnswer() {
        assertEquals(new MajorityVote.Result(0, 1), MajorityVote.of(List.of("red", "green", "blue")));
        assertEquals(new MajorityVote.Result(1, 2), MajorityVote.of(List.of("red", "green", "blue", "Green", "red")
                .subList(0, 4)));
        assertThrows(IllegalArgumentException.class, () -> MajorityVote.of(List.of()));
    }

    @Test
    void theJudgesVerdictIsTheFirstCandidateNumberInItsAnswer() {
        assertEquals(1, ConsensusPrompts.verdict("2", 3));
        assertEquals(2, ConsensusPrompts.verdict("Candidate 3 is best, then 1.", 3));
        assertEquals(-1, ConsensusPrompts.verdict("4", 3), "out of range");
        assertEquals(-1, ConsensusPrompts.verdict("0", 3));
        assertEquals(-1, ConsensusPrompts.verdict("the second one", 3));
        assertEquals(-1, ConsensusPrompts.verdict("99999999999999999999", 3));
    }

    @Test
    void aMisspeltStrategyIsRefusedWithTheChoices() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("user", "hi"));
        exchange.getMessage().setBody(request);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Consensus(null).start(exchange, "frist"));
        assertEquals("A fan-out's strategy is one of [first, vote, judge, fuse], not 'frist'", e.getMessage());
    }
}
