package io.parley.chat.support;

import io.parley.chat.support.TestUsers.TestUser;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** REST calls as a test user. */
public final class Api {

    private Api() {
    }

    public static ValidatableResponse get(TestUser user, String path) {
        return given().auth().oauth2(user.token()).when().get(path).then();
    }

    public static ValidatableResponse post(TestUser user, String path, Object body) {
        var request = given().auth().oauth2(user.token());
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().post(path).then();
    }

    public static ValidatableResponse patch(TestUser user, String path, Object body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body).when().patch(path).then();
    }

    public static ValidatableResponse delete(TestUser user, String path) {
        return given().auth().oauth2(user.token()).when().delete(path).then();
    }

    /** Creates a channel owned by {@code owner} and returns its id. */
    public static String channel(TestUser owner, String visibility) {
        return post(owner, "/api/channels", Map.of("name", "room " + owner.username(), "visibility", visibility))
                .statusCode(201).extract().path("id");
    }

    public static void invite(TestUser moderator, String channelId, TestUser user) {
        post(moderator, "/api/channels/" + channelId + "/members", Map.of("userId", user.id().toString()))
                .statusCode(204);
    }

    /** Sends over REST (the WebSocket send's code path) and returns the message id. */
    public static String send(TestUser sender, String channelId, String text) {
        return post(sender, "/api/channels/" + channelId + "/messages",
                Map.of("text", text, "clientMsgId", java.util.UUID.randomUUID().toString()))
                .statusCode(201).extract().path("id");
    }
}
