use leptos::prelude::*;

use crate::{
    AppError,
    api::{CreateFirstAdmin, SignIn, SignInWithCode, SignOut, SignUp, sign_up_status, whoami},
    dto::CurrentUser,
};

/// The signed-in user and the actions that change who that is, shared by every page.
#[derive(Clone, Copy)]
pub struct AuthContext {
    /// Refetched whenever one of the actions below completes.
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    /// Whether the sign-up page takes new accounts (a setting: read once).
    pub sign_up_open: Resource<Result<bool, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_in_with_code: ServerAction<SignInWithCode>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub create_first_admin: ServerAction<CreateFirstAdmin>,
}

impl AuthContext {
    /// Creates the context and provides it to the component tree.
    pub fn provide() -> Self {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_in_with_code = ServerAction::<SignInWithCode>::new();
        let sign_up = ServerAction::<SignUp>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let create_first_admin = ServerAction::<CreateFirstAdmin>::new();
        let user = Resource::new(
            move || {
                (
                    sign_in.version().get(),
                    sign_in_with_code.version().get(),
                    sign_up.version().get(),
                    sign_out.version().get(),
                    create_first_admin.version().get(),
                )
            },
            |_| whoami(),
        );
        let context = Self {
            user,
            sign_up_open: Resource::new(|| (), |_| sign_up_status()),
            sign_in,
            sign_in_with_code,
            sign_up,
            sign_out,
            create_first_admin,
        };
        provide_context(context);
        context
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Whether pages link to the sign-up page: not while sign-up is known to be closed, when a
    /// link would only lead to the page that says so.
    pub async fn links_to_sign_up(self) -> bool {
        !matches!(self.sign_up_open.await, Ok(false))
    }
}
