package io.mnemos.memory.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class PatternFactExtractorTest {

    private final PatternFactExtractor x = new PatternFactExtractor();

    @Test
    void likesAndLoves() {
        assertThat(x.extract("I love sushi, ramen and pizza."))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(
                        tuple("food.preference", "sushi", Polarity.POSITIVE),
                        tuple("food.preference", "ramen", Polarity.POSITIVE),
                        tuple("food.preference", "pizza", Polarity.POSITIVE));
        assertThat(x.extract("I really enjoy jazz"))
                .extracting(FactCandidate::attribute, FactCandidate::value)
                .containsExactly(tuple("music.preference", "jazz"));
        assertThat(x.extract("I like to travel by train"))
                .extracting(FactCandidate::attribute, FactCandidate::value)
                .containsExactly(tuple("activity.preference", "travel by train"));
    }

    @Test
    void dislikesAndNegations() {
        assertThat(x.extract("I hate cilantro"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("food.preference", "cilantro", Polarity.NEGATIVE));
        assertThat(x.extract("I don't like coffee anymore"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("drink.preference", "coffee", Polarity.NEGATIVE));
        assertThat(x.extract("I'm not a fan of country music"))
                .extracting(FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("country music", Polarity.NEGATIVE));
    }

    @Test
    void preferOver() {
        assertThat(x.extract("I prefer tea over coffee"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(
                        tuple("drink.preference", "tea", Polarity.POSITIVE),
                        tuple("drink.preference", "coffee", Polarity.NEGATIVE));
    }

    @Test
    void favouritesAllergiesDiet() {
        assertThat(x.extract("My favourite color is dark green."))
                .extracting(FactCandidate::attribute, FactCandidate::value)
                .containsExactly(tuple("favourite.colour", "dark green"));
        assertThat(x.extract("I am allergic to peanuts and shellfish"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(
                        tuple("health.allergy", "peanuts", Polarity.POSITIVE),
                        tuple("health.allergy", "shellfish", Polarity.POSITIVE));
        assertThat(x.extract("I'm not allergic to cats"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("health.allergy", "cats", Polarity.NEGATIVE));
        assertThat(x.extract("I'm vegetarian"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("food.diet", "vegetarian", Polarity.POSITIVE));
        assertThat(x.extract("I'm not vegetarian anymore"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("food.diet", "vegetarian", Polarity.NEGATIVE));
    }

    @Test
    void identityHomeAndWork() {
        assertThat(x.extract("Hi! My name is Ada Lovelace. I live in London, but I work at Acme Corp."))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(
                        tuple("identity.name", "Ada Lovelace", Polarity.POSITIVE),
                        tuple("location.home", "London", Polarity.POSITIVE),
                        tuple("work.employer", "Acme Corp", Polarity.POSITIVE));
        assertThat(x.extract("I work as a nurse"))
                .extracting(FactCandidate::attribute, FactCandidate::value)
                .containsExactly(tuple("work.occupation", "nurse"));
        assertThat(x.extract("We moved to Lisbon last year"))
                .extracting(FactCandidate::attribute, FactCandidate::value)
                .containsExactly(tuple("location.home", "Lisbon last year"));
        assertThat(x.extract("I don't live in Paris anymore"))
                .extracting(FactCandidate::attribute, FactCandidate::value, FactCandidate::polarity)
                .containsExactly(tuple("location.home", "Paris", Polarity.NEGATIVE));
    }

    @Test
    void questionsHypotheticalsAndOtherPeopleGiveNothing() {
        assertThat(x.extract("Do I like sushi?")).isEmpty();
        assertThat(x.extract("What's my name?")).isEmpty();
        assertThat(x.extract("If I liked jazz I would go.")).isEmpty();
        assertThat(x.extract("I would love a coffee")).isEmpty();
        assertThat(x.extract("I used to live in Rome")).isEmpty();
        assertThat(x.extract("My wife loves sushi")).isEmpty();
        assertThat(x.extract("")).isEmpty();
        assertThat(x.extract(null)).isEmpty();
    }
}
