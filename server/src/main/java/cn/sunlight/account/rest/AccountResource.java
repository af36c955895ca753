package cn.sunlight.account.rest;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestResponse;
import cn.sunlight.common.rest.Created;
import cn.sunlight.account.Organisation;
import cn.sunlight.account.OrganisationKind;
import cn.sunlight.account.UserAccount;
import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.service.AccountService;
import cn.sunlight.account.service.CertificateService;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.crypto.CertificationRequests;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api")
@Tag(name = "Accounts", description = "Organisations, accounts and login")
public class AccountResource {

    private final AccountService accounts;
    private final CertificateService certificates;
    private final RequestActor actor;

    public AccountResource(AccountService accounts, CertificateService certificates, RequestActor actor) {
        this.accounts = accounts;
        this.certificates = certificates;
        this.actor = actor;
    }

    /** {@code publicKey} is the pre-CSR field: still read, only to refuse it by name. */
    public record CertificateRequest(@NotNull PartyCertificate.Purpose purpose,
                                     @Size(max = CertificationRequests.MAX_PEM_CHARS) @Schema(description =
                                             "PKCS#10 certification request (PEM) signed with the key to certify,"
                                                     + " e.g. openssl req -new -key key.pem -subj /CN=me") String csr,
                                     @Size(max = CertificationRequests.MAX_PEM_CHARS) @Schema(hidden = true) String publicKey) {
    }

    /** {@code suite}: NATIONAL for an SM2 key (used for national-suite tenders), INTERNATIONAL otherwise. */
    public record CertificateView(Long id, PartyCertificate.Purpose purpose, cn.sunlight.tender.CryptoSuite suite, String serial,
                                  Instant issuedAt, String certificateChain) {
    }

    @POST
    @Path("/me/certificates")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Have the platform CA certify your own key from a PKCS#10 request it signed (SIGNING for bids,"
            + " ENCRYPTION for key shares); RSA, EC P-256, Ed25519 (signing) or, for national-suite tenders, SM2 (SM3withSM2)")
    @APIResponse(responseCode = "201", description = "Certificate chain (PEM, yours first)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CertificateView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "409", description = "The key belongs to another organisation, or the account has none (problem+json)")
    @APIResponse(responseCode = "422", description = "Not a PEM PKCS#10 request, its signature does not verify, a bare"
            + " publicKey was sent, or the key is too weak (problem+json)")
    public RestResponse<CertificateView> certify(@Valid @NotNull CertificateRequest request) {
        var pc = certificates.issue(request.purpose(), request.csr(), request.publicKey());
        return Created.at("/api/me/certificates", new CertificateView(pc.id, pc.purpose, pc.suite(), pc.serial, pc.issuedAt, certificates.chainPem(pc)));
    }

    @GET
    @Path("/me/certificates")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Your certificates, newest first")
    @APIResponse(responseCode = "200", description = "Certificates")
    public List<CertificateView> myCertificates() {
        return certificates.mine().stream().map(pc -> new CertificateView(pc.id, pc.purpose, pc.suite(), pc.serial, pc.issuedAt,
                certificates.chainPem(pc))).toList();
    }

    public record LoginRequest(@NotBlank String username, @NotBlank String password) {
    }

    public record LoginResponse(String token, Instant expiresAt, String username, Role role, String displayName,
                                Long organisationId, String organisationName) {
        static LoginResponse of(AccountService.Login login) {
            var u = login.user();
            return new LoginResponse(login.token(), login.expiresAt(), u.username, u.role, u.displayName,
                    u.organisation == null ? null : u.organisation.id, u.organisation == null ? null : u.organisation.name);
        }
    }

    public record OrganisationView(Long id, String creditCode, String name, OrganisationKind kind, String region) {
        static OrganisationView of(Organisation o) {
            return new OrganisationView(o.id, o.creditCode, o.name, o.kind, o.region);
        }
    }

    public record UserView(Long id, String username, Role role, String displayName, Long organisationId) {
        static UserView of(UserAccount u) {
            return new UserView(u.id, u.username, u.role, u.displayName, u.organisation == null ? null : u.organisation.id);
        }
    }

    public record NewOrganisation(@NotBlank @Size(min = 18, max = 18) String creditCode, @NotBlank String name,
                                  @NotNull OrganisationKind kind, String region) {
    }

    public record NewUser(@NotBlank @Size(min = 3, max = 64) String username, @NotBlank @Size(min = 8, max = 128) String password,
                          @NotNull Role role, @NotNull Long organisationId, @NotBlank String displayName) {
    }

    public record BidderRegistration(@NotBlank @Size(min = 18, max = 18) String creditCode, @NotBlank String organisationName,
                                     String region, @NotBlank @Size(min = 3, max = 64) String username,
                                     @NotBlank @Size(min = 8, max = 128) String password, @NotBlank String displayName) {
    }

    @POST
    @Path("/auth/login")
    @PermitAll
    @Operation(summary = "Log in and receive a signed JWT (Bearer token)")
    @APIResponse(responseCode = "200", description = "Token issued")
    @APIResponse(responseCode = "401", description = "Wrong username or password")
    @APIResponse(responseCode = "422", description = "A username with control characters (problem+json)")
    @APIResponse(responseCode = "429", description = "Account or address locked after repeated failures; Retry-After says when to retry")
    public LoginResponse login(@Valid @NotNull LoginRequest request) {
        return LoginResponse.of(accounts.login(request.username(), request.password()));
    }

    @POST
    @Path("/auth/logout")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "End this session: the token is refused from the next request on, on every instance")
    @APIResponse(responseCode = "204", description = "Session ended")
    public Response logout() {
        accounts.logout();
        return Response.noContent().build();
    }

    public record PasswordChange(@NotBlank @Size(max = 128) String currentPassword,
                                 @NotBlank @Size(min = 8, max = 128) String newPassword) {
    }

    @POST
    @Path("/me/password")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Change your password; every session of the account ends and a new token is returned")
    @APIResponse(responseCode = "200", description = "Changed; the new session's token")
    @APIResponse(responseCode = "422", description = "Current password wrong or new password invalid (problem+json naming the field)")
    public LoginResponse changePassword(@Valid @NotNull PasswordChange request) {
        return LoginResponse.of(accounts.changePassword(request.currentPassword(), request.newPassword()));
    }

    @GET
    @Path("/me")
    @Authenticated
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The calling account")
    @APIResponse(responseCode = "200", description = "The account")
    public UserView me() {
        return UserView.of(UserAccount.findById(actor.userId()));
    }

    @POST
    @Path("/organisations")
    @RolesAllowed(Role.Names.OPERATOR)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Register an organisation (validated unified social credit code)")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrganisationView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Invalid credit code or fields (problem+json)")
    public RestResponse<OrganisationView> createOrganisation(@Valid @NotNull NewOrganisation request) {
        var org = accounts.createOrganisation(request.creditCode(), request.name(), request.kind(), request.region());
        return Created.at("/api/organisations", OrganisationView.of(org));
    }

    @GET
    @Path("/organisations")
    @RolesAllowed({Role.Names.OPERATOR, Role.Names.SUPERVISOR})
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The registered organisations, newest first, one page at a time")
    @APIResponse(responseCode = "200", description = "Organisations (a JSON array; paging in the Link and X-Next-Cursor headers)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = OrganisationView.class)))
    @APIResponse(responseCode = "400", description = "limit or cursor refused (problem+json naming it)")
    public jakarta.ws.rs.core.Response organisations(@jakarta.ws.rs.BeanParam cn.sunlight.common.page.PageParams page,
                              @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        return cn.sunlight.common.page.PagedResponse.of(accounts.organisations(page.request()).map(OrganisationView::of), uri);
    }

    @POST
    @Path("/accounts")
    @RolesAllowed(Role.Names.OPERATOR)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Create an account for an organisation")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Invalid fields (problem+json)")
    public RestResponse<UserView> createUser(@Valid @NotNull NewUser request) {
        var user = accounts.createUser(request.username(), request.password(), request.role(),
                request.organisationId(), request.displayName());
        return Created.at("/api/me", UserView.of(user));
    }

    @POST
    @Path("/accounts/bidders")
    @PermitAll
    @Operation(summary = "Self-registration of a supplier and its first bidder account")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserView.class)),
            headers = @Header(name = "Location", description = "Where it can be read"))
    @APIResponse(responseCode = "422", description = "Invalid credit code or fields (problem+json)")
    public RestResponse<UserView> registerBidder(@Valid @NotNull BidderRegistration request) {
        var user = accounts.registerBidder(request.creditCode(), request.organisationName(), request.region(),
                request.username(), request.password(), request.displayName());
        return Created.at("/api/me", UserView.of(user));
    }
}
