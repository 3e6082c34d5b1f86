package io.mnemos.memory.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mnemos.memory.conversation.ConversationStore.IndexRow;
import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.model.Embedder;
import io.mnemos.search.Fusion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn index on its own: modes, tenant and user scoping, time filters, deletes, reopen. Fake embedder. */
class ConversationIndexTest {

    @TempDir
    Path dir;

    private final Embedder embedder = TestEmbedders.fake(64);
    private ConversationIndex index;

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @BeforeEach
    void open() {
        index = new ConversationIndex(dir, settings());
    }

    private static ConversationIndex.Settings settings() {
        ConversationIndex.Settings d = ConversationIndex.Settings.defaults();
        return new ConversationIndex.Settings(
                64,
                d.bm25K1(),
                d.bm25B(),
                d.contextWeight(),
                d.tieBreaker(),
                50,
                Fusion.convex(0.5),
                Duration.ZERO,
                Duration.ofMillis(200));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private void session(String tenant, String user, String sessionId, Instant at, String... texts) {
        UUID sid = UUID.nameUUIDFromBytes((tenant + user + sessionId).getBytes());
        List<IndexRow> rows = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            rows.add(new IndexRow(
                    UUID.nameUUIDFromBytes((sid + "/" + i).getBytes()),
                    sessionId + ":" + (i + 1),
                    sid,
                    sessionId,
                    user,
                    i + 1,
                    i % 2 == 0 ? "user" : "agent",
                    texts[i],
                    at.plusSeconds(i)));
        }
        List<float[]> v = embedder.embedAll(rows.stream().map(r -> r.text()).toList());
        index.index(tenant, ConversationIndexer.documents(rows, v, 1));
    }

    private List<TurnHit> search(String tenant, String user, String q, SearchMode mode, Instant from, Instant to) {
        return index.search(tenant, new TurnQuery(user, q, 5, mode, from, to), embedder.embed(q));
    }

    @Test
    void findsTurnsByEveryModeAndKeepsClientIds() {
        session("t1", "alice", "s1", T0, "I love green tea in the morning", "Noted.", "My cat is Tom");
        for (SearchMode mode : SearchMode.values()) {
            List<TurnHit> hits = search("t1", "alice", "green tea morning", mode, null, null);
            assertThat(hits).as(mode.name()).isNotEmpty();
            assertThat(hits.getFirst().publicTurnId()).as(mode.name()).isEqualTo("s1:1");
            assertThat(hits.getFirst().publicSessionId()).isEqualTo("s1");
            assertThat(hits.getFirst().text()).isEqualTo("I love green tea in the morning");
        }
        List<TurnHit> hybrid = search("t1", "alice", "green tea morning", SearchMode.HYBRID, null, null);
        assertThat(hybrid.getFirst().score()).isBetween(0.0, 1.0);
        assertThat(hybrid.getFirst().lexicalRank()).isEqualTo(1);
    }

    @Test
    void contextFieldFindsTheAnswerToAQuestion() {
        // "where" words only in the question; the answer turn must still be found by BM25 through its context
        session("t1", "bob", "s1", T0, "Which city did you move to last spring?", "Lisbon, near the river.");
        List<TurnHit> hits = search("t1", "bob", "city move", SearchMode.BM25, null, null);
        assertThat(hits).extracting(TurnHit::publicTurnId).contains("s1:2");
    }

    @Test
    void tenantsAndUsersNeverSeeEachOther() {
        session("tenant-a", "alice", "s1", T0, "the secret password is swordfish");
        session("tenant-a", "bob", "s1", T0, "bob talks about swordfish fishing");
        session("tenant-b", "alice", "s1", T0, "nothing to see here");
        for (SearchMode mode : SearchMode.values()) {
            assertThat(search("tenant-b", "alice", "secret password swordfish", mode, null, null))
                    .extracting(TurnHit::text)
                    .as(mode.name())
                    .doesNotContain("the secret password is swordfish")
                    .allMatch(t -> t.equals("nothing to see here"));
            assertThat(search("tenant-a", "bob", "secret password swordfish", mode, null, null))
                    .extracting(TurnHit::text)
                    .containsOnly("bob talks about swordfish fishing");
        }
        assertThat(search("tenant-c", "alice", "swordfish", SearchMode.HYBRID, null, null))
                .isEmpty();
    }

    @Test
    void timeFilterAndRecencyListing() {
        session("t1", "alice", "old", T0, "tea talk in May");
        session("t1", "alice", "new", T0.plus(Duration.ofDays(40)), "tea talk in June", "more tea talk in June");
        List<TurnHit> june = search(
                "t1",
                "alice",
                "tea talk",
                SearchMode.HYBRID,
                T0.plus(Duration.ofDays(30)),
                T0.plus(Duration.ofDays(50)));
        assertThat(june).extracting(TurnHit::publicSessionId).containsOnly("new");
        assertThat(june).hasSize(2);
        List<TurnHit> may = search("t1", "alice", "tea talk", SearchMode.BM25, null, T0.plus(Duration.ofDays(1)));
        assertThat(may).extracting(TurnHit::text).containsExactly("tea talk in May");
        // no query text: newest first within the range
        List<TurnHit> recent = index.search("t1", new TurnQuery("alice", "", 5, SearchMode.HYBRID, null, null), null);
        assertThat(recent)
                .extracting(TurnHit::text)
                .containsExactly("more tea talk in June", "tea talk in June", "tea talk in May");
    }

    @Test
    void deleteUserRemovesOnlyThatUserAndSurvivesReopen() {
        session("t1", "alice", "s1", T0, "alice likes hiking");
        session("t1", "bob", "s1", T0, "bob likes hiking");
        assertThat(index.countUser("t1", "alice")).isEqualTo(1);
        assertThat(index.deleteUser("t1", "alice")).isEqualTo(1);
        assertThat(search("t1", "alice", "hiking", SearchMode.HYBRID, null, null))
                .isEmpty();
        index.close();
        index = new ConversationIndex(dir, settings());
        assertThat(index.count("t1")).isEqualTo(1);
        assertThat(index.isCurrentLayout("t1")).isTrue();
        assertThat(index.tenantsOnDisk()).containsExactly("t1");
        assertThat(search("t1", "bob", "hiking", SearchMode.DENSE, null, null)).hasSize(1);
        assertThat(search("t1", "alice", "hiking", SearchMode.DENSE, null, null))
                .isEmpty();
    }

    @Test
    void reindexingATurnReplacesIt() {
        session("t1", "alice", "s1", T0, "first version");
        session("t1", "alice", "s1", T0, "first version");
        assertThat(index.count("t1")).isEqualTo(1);
    }

    @Test
    void storedVectorsAreReadBackPerTurnAndTenant() {
        session("t1", "alice", "s1", T0, "green tea in the morning", "and coffee after lunch");
        session("t2", "bob", "s1", T0, "green tea in the morning");
        UUID sid = UUID.nameUUIDFromBytes(("t1" + "alice" + "s1").getBytes());
        UUID first = UUID.nameUUIDFromBytes((sid + "/0").getBytes());
        UUID second = UUID.nameUUIDFromBytes((sid + "/1").getBytes());
        UUID unknown = UUID.randomUUID();

        java.util.Map<UUID, float[]> v = index.vectors("t1", List.of(first, second, unknown));

        assertThat(v).containsOnlyKeys(first, second);
        assertThat(v.get(first)).containsExactly(embedder.embed("green tea in the morning"), within(1e-6f));
        assertThat(v.get(second)).containsExactly(embedder.embed("and coffee after lunch"), within(1e-6f));
        // another tenant's index does not hold t1's turns, even with the same text
        assertThat(index.vectors("t2", List.of(first, second))).isEmpty();
        assertThat(index.vectors("no-such-tenant", List.of(first))).isEmpty();
    }

    @Test
    void writesAreSearchableByTheNextSearchAndDeletesForgetTheirVectors() {
        session("t1", "alice", "s1", T0, "green tea in the morning");
        UUID first = UUID.nameUUIDFromBytes((UUID.nameUUIDFromBytes(("t1alice" + "s1").getBytes()) + "/0").getBytes());
        // written, not searched yet (no refresh): the vector is still known
        assertThat(index.vectors("t1", List.of(first)).get(first))
                .containsExactly(embedder.embed("green tea in the morning"), within(1e-6f));
        // the next search refreshes and finds it, in every mode
        assertThat(search("t1", "alice", "green tea", SearchMode.BM25, null, null))
                .hasSize(1);
        assertThat(search("t1", "alice", "green tea", SearchMode.DENSE, null, null))
                .hasSize(1);
        // after the refresh the vector comes from the index
        assertThat(index.vectors("t1", List.of(first)).get(first))
                .containsExactly(embedder.embed("green tea in the morning"), within(1e-6f));

        session("t1", "alice", "s2", T0, "black coffee at night"); // written, not searched
        UUID second = UUID.nameUUIDFromBytes((UUID.nameUUIDFromBytes(("t1alice" + "s2").getBytes()) + "/0").getBytes());
        assertThat(index.vectors("t1", List.of(second))).containsOnlyKeys(second);
        assertThat(index.deleteUser("t1", "alice")).isEqualTo(2);
        assertThat(index.vectors("t1", List.of(first, second))).isEmpty();
        assertThat(search("t1", "alice", "coffee", SearchMode.HYBRID, null, null))
                .isEmpty();
    }

    @Test
    void liveTurnsBecomeSearchableByTheBackgroundRefresh() throws InterruptedException {
        UUID sid = UUID.randomUUID();
        IndexRow row = new IndexRow(
                UUID.randomUUID(), "live:1", sid, "live", "alice", 1, "user", "we adopted a kitten named Miso", T0);
        index.indexLive("t1", ConversationIndexer.documents(List.of(row), List.of(embedder.embed(row.text())), 1));
        assertThat(index.vectors("t1", List.of(row.turnId()))).containsOnlyKeys(row.turnId());
        // no other write and no forced refresh: the background refresh (200 ms here) must make it searchable
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<TurnHit> hits = List.of();
        while (hits.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            hits = search("t1", "alice", "kitten Miso", SearchMode.BM25, null, null);
        }
        assertThat(hits).extracting(TurnHit::text).containsExactly("we adopted a kitten named Miso");
    }

    @Test
    void unusualTenantIdsGetAHashedFolder() {
        assertThat(ConversationIndex.folderName("acme")).isEqualTo("acme");
        assertThat(ConversationIndex.folderName("../etc/passwd"))
                .startsWith("h-")
                .doesNotContain("/");
    }

    @Test
    void questionWordsDoNotRankAQuestionAboveTheAnswer() {
        // separate sessions, so that neither turn's context field holds the other
        session("t1", "alice", "s1", T0, "What did you do today? What did you think of it?");
        session("t1", "alice", "s2", T0.plusSeconds(60), "I researched adoption agencies");
        List<TurnHit> hits = search("t1", "alice", "What did Alice research?", SearchMode.BM25, null, null);
        assertThat(hits).extracting(TurnHit::publicTurnId).containsExactly("s2:1");
        // a query made only of question words still searches with them
        assertThat(search("t1", "alice", "what did you do", SearchMode.BM25, null, null))
                .extracting(TurnHit::publicTurnId)
                .containsExactly("s1:1");
    }
}
