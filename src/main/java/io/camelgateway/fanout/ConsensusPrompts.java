package io.camelgateway.fanout;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

/** The requests a judge and a fuser model get, and reading the judge's verdict. */
final class ConsensusPrompts {
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String JUDGE = "You compare candidate answers to a user's request. Reply with the number "
            + "of the best candidate and nothing else.";
    private static final String FUSER = "You are given a user's request and candidate answers from several models. "
            + "Write the single best answer to the request: keep what is correct and useful in the candidates, drop "
            + "what is wrong, and do not mention the candidates.";

    private ConsensusPrompts() {
    }

    static ChatRequest judge(ChatRequest original, List<FanOut.Answer> answers) {
        ChatRequest judge = request(JUDGE, original, answers);
        judge.maxTokens = 8;
        return judge;
    }

    static ChatRequest fuse(ChatRequest original, List<FanOut.Answer> answers) {
        return request(FUSER, original, answers);
    }

    /** The candidate (0-based) the judge named: the first number in its answer, or -1 when it named none. */
    static int verdict(String judgeAnswer, int candidates) {
        Matcher m = NUMBER.matcher(judgeAnswer);
        if (m.find()) {
            try {
                int n = Integer.parseInt(m.group());
                return n >= 1 && n <= candidates ? n - 1 : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static ChatRequest request(String instruction, ChatRequest original, List<FanOut.Answer> answers) {
        StringBuilder sb = new StringBuilder("Request:\n").append(lastUserText(original));
        for (int i = 0; i < answers.size(); i++) {
            sb.append("\n\nCandidate ").append(i + 1).append(":\n").append(answers.get(i).text());
        }
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("system", instruction), new ChatMessage("user", sb.toString()));
        request.temperature = 0.0;
        return request;
    }

    private static String lastUserText(ChatRequest request) {
        for (int i = request.messages.size() - 1; i >= 0; i--) {
            if ("user".equals(request.messages.get(i).role)) {
                return request.messages.get(i).text();
            }
        }
        return "";
    }
}
